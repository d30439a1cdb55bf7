// Options: how a Registry is opened. Plain fields, each with its default and when to change it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ciie/rules.hpp"
#include "ciie/time.hpp"

namespace ciie {

struct Options {
  // Which store to open: "path/to/ciie.db", "sqlite:path", "sqlite::memory:" (one connection,
  // gone when closed), or a PostgreSQL server, "postgresql://user@host:port/database" (libpq's
  // URI; a password is better kept in ~/.pgpass or PGPASSWORD than in the URI, and libpq's
  // other variables apply, PGOPTIONS="-c statement_timeout=30000" among them). Default "ciie.db"
  // in the working directory.
  std::string store_uri = "ciie.db";

  // Where "now" comes from. Default: the system clock. Pin it (FixedClock) to reproduce runs and
  // to test deadlines.
  std::shared_ptr<const Clock> clock;

  // The edition's rules (ciie.toml). Default: the built-in 7th-edition rules.
  Rules rules = Rules::seventh_edition();

  // How long a writer waits for another process's write transaction before giving up with
  // Code::kConflict / store.busy. Raise it for many concurrent bulk jobs on one SQLite file.
  std::int64_t busy_timeout_ms = 10'000;

  // The cost of Argon2id password hashes: libsodium's "interactive" limits (2 passes, 64 MiB)
  // by default. kMinimal (1 pass, 8 KiB) is for tests and benchmarks only; a hash made with it
  // still verifies under any setting.
  enum class PasswordCost { kInteractive, kMinimal };
  PasswordCost password_cost = PasswordCost::kInteractive;

  // Create the store (and apply migrations) when it does not exist. When false, opening a
  // missing or unmigrated store fails with store.not_initialized: only `init` creates stores.
  bool create_if_missing = false;
};

}  // namespace ciie
