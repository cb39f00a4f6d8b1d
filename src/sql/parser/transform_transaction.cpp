// BEGIN, COMMIT, ROLLBACK and savepoints: transaction statements, run by the session.
#include <map>

#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

namespace {

using Kind = ast::TransactionStatement::Kind;

const std::map<std::string, Kind>& Kinds() {
  static const std::map<std::string, Kind> kinds = {
      {"TRANS_STMT_BEGIN", Kind::kBegin},
      {"TRANS_STMT_START", Kind::kBegin},
      {"TRANS_STMT_COMMIT", Kind::kCommit},
      {"TRANS_STMT_ROLLBACK", Kind::kRollback},
      {"TRANS_STMT_SAVEPOINT", Kind::kSavepoint},
      {"TRANS_STMT_RELEASE", Kind::kRelease},
      {"TRANS_STMT_ROLLBACK_TO", Kind::kRollbackTo},
  };
  return kinds;
}

}  // namespace

Result<ast::Statement> ParseTreeTransformer::TransformTransaction(const Json& body) {
  const std::string kind = body.value("kind", std::string());
  auto it = Kinds().find(kind);
  if (it == Kinds().end()) return Status::NotSupported("two-phase commit (PREPARE TRANSACTION, COMMIT PREPARED)");
  if (body.value("chain", false)) return Status::NotSupported("COMMIT AND CHAIN and ROLLBACK AND CHAIN");
  ast::TransactionStatement statement;
  statement.kind = it->second;
  statement.savepoint = body.value("savepoint_name", std::string());
  if (body.contains("options")) {
    for (const Json& option : body["options"]) {
      const Json& def = NodeBody(option);
      const std::string name = def.value("defname", std::string());
      std::string value;
      if (def.contains("arg")) {
        ORBIT_ASSIGN_OR_RETURN(value, ConstantText(def["arg"]));
      }
      if (name == "transaction_isolation") {
        statement.isolation = value;
      } else if (name == "transaction_read_only") {
        statement.read_only = value == "1" || value == "true";
      } else if (name == "savepoint_name") {
        statement.savepoint = value;
      } else if (name != "transaction_deferrable") {
        return Status::NotSupported("transaction option {}", name);
      }
    }
  }
  return ast::Statement{std::move(statement)};
}

}  // namespace orbit
