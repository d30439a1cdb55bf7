// SHA-256 (libsodium) of streamed bytes and of files, as lower-case hex, for manifest.json.
#pragma once

#include <string>
#include <string_view>

#include <sodium.h>

namespace ciie::datagen {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex();  // finishes the hash; call once

 private:
  crypto_hash_sha256_state state_;
};

// The hash of a whole file, read in blocks. Throws std::runtime_error when it cannot be read.
std::string sha256_of_file(const std::string& path);

}  // namespace ciie::datagen
