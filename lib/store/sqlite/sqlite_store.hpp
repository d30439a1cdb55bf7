// The SQLite backend of the store (the embedded default).
#pragma once

#include <memory>

#include "store/store.hpp"

namespace ciie::store::sqlite {

// Opens a SQLite store file (or in-memory database) and checks its schema version.
Result<std::unique_ptr<Store>> open_sqlite_store(const StoreUri& uri, const StoreOptions& options);

}  // namespace ciie::store::sqlite
