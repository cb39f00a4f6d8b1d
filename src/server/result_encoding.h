// A statement's outcome as backend messages: RowDescription, DataRow (text or binary per
// column, as the client's Bind asked), CommandComplete, EmptyQueryResponse, NoData.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "orbit/error.h"
#include "server/statement_outcome.h"

namespace orbit::server {

/// The format of each column from a Bind's result format codes: none means text for all,
/// one applies to all, else one per column. An error for another count, an unknown code, or
/// binary asked for a column whose type has no binary form.
Expected<std::vector<int16_t>> ResolveResultFormats(const std::vector<int16_t>& codes,
                                                    const std::vector<PgColumn>& columns);
void WriteRowDescription(std::string* out, const std::vector<PgColumn>& columns, const std::vector<int16_t>& formats);
/// One DataRow; an error (and nothing written) when a cell has no binary form.
Expected<void> WriteDataRow(std::string* out, const StatementOutcome& outcome, int64_t row,
                            const std::vector<int16_t>& formats);
void WriteCommandComplete(std::string* out, const std::string& tag);
void WriteEmptyQueryResponse(std::string* out);
void WriteNoData(std::string* out);

}  // namespace orbit::server
