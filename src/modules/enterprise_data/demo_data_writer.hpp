// Writes the synthetic population of synth/demo_data.hpp as the three CSV files of the data contract,
// ready for load_dataset(): a demo, benchmark or test input of any size in bounded memory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>

#include "core/status.hpp"
#include "modules/enterprise_data/rules/demo_data.hpp"

namespace zx {

// Writes, UTF-8 without BOM with LF line ends, creating `dir` if needed:
//   dir/enterprises.csv   uscc,name,city,industry,scale_since   (city "柳州市", industry "3670", "2018-01")
//   dir/designations.csv  uscc,designation,valid_from,valid_to (dates YYYY-MM-DD, valid_to empty when open)
//   dir/output.csv        uscc,month,output_yuan                (YYYY-MM, two decimals; rows grouped by
//                                                                enterprise, months ascending; absent
//                                                                months have no row)
// All or nothing: the files are written under temporary names (<name>.tmp) and renamed into place only
// when all three are complete; on failure the temporaries are removed and earlier files are untouched.
// `progress`, when set, is called as (enterprises done, total) every few thousand enterprises and at the
// end. Returns InvalidArgument for options out of range (see DemoGenerator) and IoError naming the file
// and the system's reason otherwise. Memory stays a few MB whatever the size.
Status write_demo_data(const DemoOptions& options, const std::filesystem::path& dir,
                       const std::function<void(std::size_t done, std::size_t total)>& progress = {});

}  // namespace zx
