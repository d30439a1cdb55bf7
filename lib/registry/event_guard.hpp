// The test hook of the event capacity guard (EVT-1): apply_for_event takes places in one
// conditional UPDATE; the concurrency test's negative control turns that off to show the race.
#pragma once

namespace ciie::registry::testing {

// Turns the capacity guard off (true) or on. With it off, apply_for_event reads the event before
// its transaction, refuses when that read showed the places gone, and otherwise writes
// taken = seen + persons unconditionally: the check-then-act race the guard exists to prevent.
// Process-wide. Only tests/concurrency/event_race_test.cpp (and its worker) do this.
void set_event_capacity_guard_disabled(bool disabled);
bool event_capacity_guard_disabled();

}  // namespace ciie::registry::testing
