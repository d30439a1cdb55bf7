// Umbrella header: everything an embedder of libciie may use.
#pragma once

#include "ciie/actor.hpp"
#include "ciie/audit.hpp"
#include "ciie/codes.hpp"
#include "ciie/invoice.hpp"
#include "ciie/licence_check.hpp"
#include "ciie/money.hpp"
#include "ciie/ocr.hpp"
#include "ciie/options.hpp"
#include "ciie/registry.hpp"
#include "ciie/order.hpp"
#include "ciie/payment.hpp"
#include "ciie/refund.hpp"
#include "ciie/routing.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "ciie/time.hpp"
#include "ciie/version.hpp"
// points
#include "ciie/points.hpp"

// events and matchmaking
#include "ciie/match.hpp"

// statistics and export
#include "ciie/export.hpp"
#include "ciie/stats.hpp"

