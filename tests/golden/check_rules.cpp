// Golden-test driver: loads ONE rule file with load_program and prints the rendered diagnostics.
//
//   check_rules FILE [SHOWN_PATH]
//
// The file is shown in diagnostics as SHOWN_PATH, or as FILE itself when it is not given (the
// runner calls it from tests/golden with "diagnostics/NAME.rules", so the path is relative and
// stable). Prints LoadResult::rendered on stdout, nothing else. Exit status: 0 when the file
// loads without error, 1 when it has diagnostics with errors, 2 on a usage or I/O problem.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "program.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: check_rules FILE [SHOWN_PATH]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "check_rules: cannot open '" << argv[1] << "'\n";
    return 2;
  }
  std::ostringstream text;
  text << in.rdbuf();
  mesaides::SourceFile file;
  file.path = argc == 3 ? argv[2] : argv[1];
  file.text = text.str();
  std::vector<mesaides::SourceFile> files;
  files.push_back(std::move(file));
  mesaides::LoadResult result = mesaides::load_program(std::move(files));
  std::cout << result.rendered;
  return result.program ? 0 : 1;
}
