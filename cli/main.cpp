// ciie: the command-line face of libciie. Parses arguments (CLI11), lets the chosen command run,
// and turns the outcome into an exit status. The command tree itself is build_app (app.hpp).
#include <cstdio>
#include <exception>
#include <utility>

#include <CLI/CLI.hpp>

#include "app.hpp"
#include "argument_check.hpp"
#include "context.hpp"
#include "exit_status.hpp"

int main(int argc, char** argv) {
  using namespace ciie::cli;
  Context ctx;
  CLI::App app;
  build_app(app, ctx);

  // Bytes that are not text are refused before any command sees them (its output, JSON
  // included, could not carry them); the parse still runs first so that the refusal honours
  // --json, and it wins over a usage error the same bytes may have caused.
  ciie::Status encoding = check_argument_encoding(argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    if (encoding.is_ok()) {
      ctx.start();
      return ctx.fail(
          ciie::Status::invalid_input("usage", std::string(e.what()) + " (see `ciie --help`)"));
    }
  }
  if (!encoding.is_ok()) {
    ctx.start();
    return ctx.fail(std::move(encoding));
  }
  try {
    ctx.start();
    return ctx.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ciie: internal error: %s\n", e.what());
    return kExitInternal;
  }
}
