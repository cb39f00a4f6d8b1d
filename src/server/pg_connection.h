// One client's session over the PostgreSQL wire protocol (v3): the startup (SSLRequest
// answered 'S' and TLS when configured, else 'N'; GSSENCRequest 'N'; CancelRequest,
// StartupMessage, SCRAM-SHA-256 or a cleartext password against the configured tokens
// (pg_authentication.cpp), ParameterStatus, BackendKeyData), then the message loop: simple Query, the
// extended protocol (Parse/Bind/Describe/Execute/Sync/Close/Flush; pg_extended_query.cpp),
// Terminate. A malformed or oversized message ends this connection with a FATAL error;
// nothing a client sends ends the server.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "orbit/database.h"
#include "server/pg_errors.h"
#include "server/pg_framing.h"
#include "server/pg_wire.h"
#include "server/server_state.h"
#include "server/session_parameters.h"
#include "server/statement_runner.h"

namespace orbit::server {

class PgConnection {
 public:
  PgConnection(int fd, ServerState& state) : socket_(fd), state_(state) {}
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Serves the client until it terminates, disconnects or breaks the protocol.
  void Run();

 private:
  struct PreparedStatement {
    std::string sql;                       ///< one statement, or empty for an empty query
    std::vector<int32_t> parameter_types;  ///< declared OIDs, 0 where left to the server
  };
  struct Portal {
    std::string sql;
    std::vector<Parameter> parameters;
    std::vector<int16_t> result_format_codes;
    std::optional<StatementOutcome> outcome;  ///< once run (at Describe or the first Execute)
    std::vector<int16_t> formats;
    int64_t next_row = 0;
  };

  /// The startup phase; false when the connection is to close.
  bool Startup();
  /// Answers an SSLRequest ('S', then the TLS handshake, when TLS is configured) or a
  /// GSSENCRequest ('N'); false when the connection is to close.
  bool AnswerEncryptionRequest(int32_t code);
  // Authentication (pg_authentication.cpp): asks for the password when tokens are
  // configured, by the method pg_auth names; the role of the client, or nullopt when it
  // was refused (a FATAL error sent) or went away.
  std::optional<Role> Authenticate(const std::string& user);
  std::optional<Role> AuthenticateCleartext(const std::string& user);
  std::optional<Role> AuthenticateScram(const std::string& user);
  /// The next message of the authentication exchange, which must be a 'p' (a password or
  /// SASL message); nullopt (and, unless the client left, a FATAL error) otherwise.
  std::optional<std::string> ReadAuthenticationMessage(const char* expected);
  bool HandleMessage(const FrontendMessage& message);
  bool HandleQuery(MessageReader& reader);
  /// Sends one statement's outcome (a COPY FROM STDIN receives its data first); false when
  /// the connection is to close.
  bool SendOutcome(const StatementOutcome& outcome);
  // COPY with the client (pg_copy.cpp); false when the connection is to close.
  bool SendCopyOut(const StatementOutcome& outcome);
  bool ReceiveCopyIn(const StatementOutcome& outcome);
  void SendReadyForQuery();
  void SendPendingStatus();
  /// An ErrorResponse; in the extended protocol, messages up to the next Sync are then skipped.
  void SendError(const PgError& error);
  void SendError(const Error& error) { SendError(FromOrbitError(error)); }
  /// A FATAL ErrorResponse, sent at once; the caller closes the connection.
  void SendFatal(const char* sqlstate, const std::string& message);

  // The extended protocol (pg_extended_query.cpp).
  bool HandleParse(MessageReader& reader);
  bool HandleBind(MessageReader& reader);
  bool HandleDescribe(MessageReader& reader);
  bool HandleExecute(MessageReader& reader);
  bool HandleClose(MessageReader& reader);
  void HandleSync();
  /// Runs the portal's statement unless it ran; false (and an error sent) when it failed.
  bool RunPortal(Portal& portal);

  ClientSocket socket_;
  ServerState& state_;
  std::optional<Connection> connection_;
  std::unique_ptr<SessionParameters> parameters_;
  std::unique_ptr<StatementRunner> runner_;
  std::optional<CancelKey> cancel_key_;
  std::map<std::string, PreparedStatement> statements_;
  std::map<std::string, Portal> portals_;
  bool skip_until_sync_ = false;
  bool closing_ = false;      ///< the client went away in the middle of a message's answer
  bool copy_failed_ = false;  ///< the last COPY FROM STDIN failed (its error is sent)
  bool in_extended_ = false;
};

}  // namespace orbit::server
