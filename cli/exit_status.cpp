// Failure class → exit status, in exactly one place (cli.md "Exit status").
#include "exit_status.hpp"

namespace ciie::cli {

int exit_status(Code code) {
  switch (code) {
    case Code::kOk:
      return kExitOk;
    case Code::kRefused:
      return kExitRefused;
    case Code::kInvalidInput:
      return kExitUsage;
    case Code::kNotFound:
      return kExitNotFound;
    case Code::kConflict:
      return kExitConflict;
    case Code::kStorage:
      return kExitStorage;
    case Code::kExternal:
      return kExitExternal;
    case Code::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace ciie::cli
