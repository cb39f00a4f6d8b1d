// read_csv('file.csv', delim => '|', header => true, quote => '"', nullstr => 'NULL',
//          columns => 'a INTEGER, b DECIMAL(15,2)'):
// binding sniffs the file's start for its columns (io/csv: CsvFile::Open); the scan reads
// every record when it runs, with the columns fixed at bind time.
#include <fmt/format.h>

#include "functions/function_registry.h"
#include "io/csv/csv_reader.h"

namespace orbit {

namespace {

std::string FileName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class CsvTableSource final : public TableSource {
 public:
  explicit CsvTableSource(CsvFile file) : file_(std::move(file)) {}
  std::string name() const override { return fmt::format("read_csv('{}')", file_.path()); }
  const Schema& schema() const override { return file_.schema(); }
  double estimated_rows() const override { return file_.estimated_rows(); }

 protected:
  Result<TablePtr> Produce() const override { return file_.Read(FileName(file_.path())); }

 private:
  CsvFile file_;
};

void ApplyOption(const TableParameter& parameter, const TableArgument& argument, CsvOptions* options) {
  const std::string& name = parameter.name;
  if (name == "delim") options->delimiter = argument.text[0];
  if (name == "quote") options->quote = argument.text[0];
  if (name == "header") options->header = argument.boolean;
  if (name == "nullstr") options->null_string = argument.text;
  if (name == "columns") options->columns = argument.columns;
}

Result<TableSourcePtr> BindReadCsv(const TableFunctionArguments& arguments, const TableFunctionEnvironment&) {
  CsvOptions options;
  for (const auto& [parameter, argument] : arguments.named) ApplyOption(*parameter, argument, &options);
  ORBIT_ASSIGN_OR_RETURN(CsvFile file, CsvFile::Open(arguments.positional.at(0).text, options));
  return TableSourcePtr(std::make_shared<CsvTableSource>(std::move(file)));
}

}  // namespace

Status RegisterReadCsv(FunctionRegistry& registry) {
  TableFunction read_csv;
  read_csv.name = "read_csv";
  read_csv.aliases = {"read_csv_auto"};
  read_csv.positional = {{"file path", {}, TableParameterKind::kText}};
  read_csv.named = {
      {"delim", {"delimiter", "sep"}, TableParameterKind::kCharacter},
      {"header", {}, TableParameterKind::kBoolean},
      {"quote", {}, TableParameterKind::kCharacter},
      {"nullstr", {"null"}, TableParameterKind::kText},
      {"columns", {}, TableParameterKind::kColumns},
  };
  read_csv.example = "read_csv('file.csv')";
  read_csv.signatures = {{"VARCHAR path [, delim, header, quote, nullstr, columns => ...]", "TABLE"}};
  read_csv.description = "the rows of a CSV file; types inferred unless columns => 'a INTEGER, ...' gives them";
  read_csv.bind = BindReadCsv;
  return registry.Add(std::move(read_csv));
}

}  // namespace orbit
