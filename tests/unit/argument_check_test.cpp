// The command line's UTF-8 check (cli/argument_check.hpp): well-formed text passes, each kind of
// ill-formed sequence is argument.encoding naming the argument, and its bytes are not echoed.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "argument_check.hpp"

namespace {

ciie::Status check(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"ciie"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  return ciie::cli::check_argument_encoding(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("argument encoding: UTF-8 text passes", "[cli][argument]") {
  CHECK(check({}).is_ok());
  CHECK(check({"register", "--name", "上海示例贸易有限公司", "--reason", "Ünïcödé 😀", ""}).is_ok());
  CHECK(check({"\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf"}).is_ok());  // U+FFFF, U+10FFFF, U+D7FF
}

TEST_CASE("argument encoding: ill-formed UTF-8 is refused, naming the argument", "[cli][argument]") {
  const std::vector<std::string> bad = {
      "\xff",              // never a UTF-8 byte
      "a\x80",             // a stray continuation byte
      "\xc0\xaf",          // overlong '/'
      "\xe0\x80\xaf",      // overlong, three bytes
      "\xed\xa0\x80",      // a surrogate
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "\xe4\xb8",          // cut short at the end
      "\xe4\xb8x",         // cut short before ASCII
      "caf\xe9",           // Latin-1
  };
  for (const std::string& arg : bad) {
    INFO(arg);
    const ciie::Status status = check({"unit", "show", arg});
    REQUIRE_FALSE(status.is_ok());
    CHECK(status.reason() == "argument.encoding");
    CHECK(status.message().find("argument 3") != std::string::npos);
    CHECK(status.message().find(arg) == std::string::npos);
  }
}
