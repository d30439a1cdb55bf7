// The backend-neutral statement handle and its pool.
#include "store/sql/statement.hpp"

#include <utility>

namespace ciie::store::sql {

StatementPool::Slot& StatementPool::slot(std::string_view sql) {
  auto it = idle_.find(sql);
  if (it == idle_.end()) it = idle_.emplace(std::string(sql), Slot()).first;
  return it->second;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    impl_ = std::move(other.impl_);
    slot_ = std::exchange(other.slot_, nullptr);
  }
  return *this;
}

void Statement::release() {
  if (impl_ == nullptr) return;
  if (slot_ != nullptr) {
    impl_->clear();
    slot_->push_back(std::move(impl_));
  }
  impl_.reset();
}

Status Statement::run() {
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, step());
    if (!row) return Status::ok();
  }
}

}  // namespace ciie::store::sql
