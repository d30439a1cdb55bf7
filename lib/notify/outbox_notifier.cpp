// The outbox backend (the development default): messages are handed to an OutboxSink, which the
// store implements, and shown by `ciie verify outbox` instead of being sent anywhere.
#include "notify/common.hpp"
#include "notify/notifier.hpp"

namespace ciie::notify {
namespace {

// Thread-safety: as safe as the sink; the notifier itself holds no mutable state.
class OutboxNotifier final : public Notifier {
 public:
  explicit OutboxNotifier(OutboxSink& sink) : sink_(sink) {}

  Status send(const Message& message) override {
    CIIE_RETURN_IF_ERROR(check_recipient(message));
    // The stored copy carries the key a real backend would have used, so an outbox row can be
    // matched to the send() that produced it.
    Message stored = message;
    stored.idempotency_key = idempotency_key_for(message);
    return sink_.store_outbox(stored, backend());
  }

  std::string_view backend() const override { return "outbox"; }

 private:
  OutboxSink& sink_;
};

}  // namespace

std::unique_ptr<Notifier> make_outbox_notifier(OutboxSink& sink) {
  return std::make_unique<OutboxNotifier>(sink);
}

}  // namespace ciie::notify
