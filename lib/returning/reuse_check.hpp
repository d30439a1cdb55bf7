// Badge reuse (证件复用, BDG-3): a past badge may be reused only when the card information it
// carries would not change. Pure: the caller reads the records.
// Thread-safety: pure.
#pragma once

#include <string>
#include <vector>

#include "ciie/person.hpp"
#include "ciie/returning.hpp"
#include "ciie/unit.hpp"

namespace ciie::returning {

// What stands in the way of reusing `past`'s badge for `person` (the past person as brought
// forward, not yet stored) in `unit` (this edition's unit, which claimed `candidate`), in this
// order:
//   badge_not_reusable  the past badge type was not reusable, or the badge is not intact
//   name                the person's name differs from the badge's
//   unit                the unit is another (USCC, or account outside the mainland) or renamed
//   delegation          the delegation managing the unit (its industry delegation when it has
//                       one, DEL-4, else its home delegation) is not the badge's
//   sub_delegation      the unit's sub-delegation is not the badge's
//   badge_type          another badge type (another entry period) than the past one
//   badge_label         free badge label (免费证件标签) now and not then, or the reverse
//   photo               no past photo to compare, or another photo
// Empty: the badge may be reused.
std::vector<std::string> reuse_obstacles(const PastPerson& past, const Candidate& candidate,
                                         const Unit& unit, const Person& person);

}  // namespace ciie::returning
