// ciie: the command-line face of libciie. Parses arguments (CLI11), lets the chosen command run,
// and turns the outcome into an exit status. The command tree itself is build_app (app.hpp).
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "app.hpp"
#include "context.hpp"
#include "exit_status.hpp"

int main(int argc, char** argv) {
  using namespace ciie::cli;
  Context ctx;
  CLI::App app;
  build_app(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    ctx.start();
    return ctx.fail(
        ciie::Status::invalid_input("usage", std::string(e.what()) + " (see `ciie --help`)"));
  }
  try {
    ctx.start();
    return ctx.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ciie: internal error: %s\n", e.what());
    return kExitInternal;
  }
}
