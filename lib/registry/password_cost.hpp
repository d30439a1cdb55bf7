// The Argon2id cost chosen in Options.
#pragma once

#include "account/password.hpp"
#include "ciie/options.hpp"

namespace ciie::registry {

inline account::HashCost password_cost(const Options& options) {
  return options.password_cost == Options::PasswordCost::kMinimal ? account::kMinimalCost
                                                                   : account::kInteractiveCost;
}

}  // namespace ciie::registry
