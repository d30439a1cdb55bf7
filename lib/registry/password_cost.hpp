// The Argon2id cost chosen in Options.
#pragma once

#include "ciie/options.hpp"

#include "account/password.hpp"

namespace ciie::registry {

inline account::HashCost password_cost(const Options& options) {
  return options.password_cost == Options::PasswordCost::kMinimal ? account::kMinimalCost
                                                                  : account::kInteractiveCost;
}

}  // namespace ciie::registry
