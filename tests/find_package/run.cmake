# Installs the built ciie into a scratch prefix, then builds and runs examples/ as an outside
# project would: find_package(ciie) and ciie::ciie (every program, its output checked), and once
# more with pkg-config; and runs the walkthrough from the installed tree.
# Invoked by CTest with -DSOURCE_DIR, -DBUILD_DIR, -DWORK_DIR.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples -B ${WORK_DIR}/consumer
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run(${WORK_DIR}/consumer/route_units)
foreach(expected "43 delegations loaded" "91310115591693856A -> shanghai (automatic)"
                 "9144030071526726XG -> shenzhen" "91350200MA2YJ1XR9G -> xiamen"
                 "91110000600037341N refused: uscc.checksum")
  string(FIND "${last_output}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "consumer output lacks '${expected}':\n${last_output}")
  endif()
endforeach()

# The tutorial's programs (docs/embedding.md), each checked twice: for a few values that matter,
# and for the output the page shows (order numbers, whose last digits are random, compared as
# V<order>).
file(READ ${SOURCE_DIR}/docs/embedding.md tutorial)
set(register_and_submit_expected "registered 91310115591693856A" "home delegation shanghai"
    "the same person again: person 1" "submitted 2 persons; unit approved automatically")
set(order_and_pay_expected "2 badges, 400.00 yuan, awaiting_payment" ": matched V" "order paid"
    "another title: invoice.title_locked" "issued invoice 24310000000000000001 to 上海示例国际贸易有限公司")
set(bulk_import_expected "line 4: uscc.checksum (uscc)"
    "line 5: register.consent (consent)" "line 6: auth.forbidden"
    "5 rows: 2 ok, 3 failed; nothing applied" "5 rows: 2 ok, 3 failed; applied" "unchanged: 2")
set(stats_report_expected "jiangsu" "as delegation:jiangsu (scope jiangsu)"
    "as the unit: auth.forbidden")
foreach(example register_and_submit order_and_pay bulk_import stats_report)
  run(${WORK_DIR}/consumer/${example})
  foreach(expected IN LISTS ${example}_expected)
    string(FIND "${last_output}" "${expected}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${example} output lacks '${expected}':\n${last_output}")
    endif()
  endforeach()
  set(marker "```text ${example} output\n")
  string(FIND "${tutorial}" "${marker}" start)
  if(start EQUAL -1)
    message(FATAL_ERROR "docs/embedding.md shows no output of ${example}")
  endif()
  string(LENGTH "${marker}" marker_length)
  math(EXPR start "${start} + ${marker_length}")
  string(SUBSTRING "${tutorial}" ${start} -1 rest)
  string(FIND "${rest}" "```" end)
  string(SUBSTRING "${rest}" 0 ${end} shown)
  string(REGEX REPLACE "V[0-9]+" "V<order>" shown "${shown}")
  string(REGEX REPLACE "V[0-9]+" "V<order>" actual "${last_output}")
  string(FIND "${actual}" "${shown}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${example} output differs from docs/embedding.md:\n${actual}\n"
                        "the page shows:\n${shown}")
  endif()
endforeach()

# pkg-config: compile and link the same example by hand.
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig:${prefix}/lib/x86_64-linux-gnu/pkgconfig)
run(pkg-config --cflags --libs ciie)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(c++ ${SOURCE_DIR}/examples/route_units.cpp ${flags} -Wl,-rpath,${prefix}/lib
    -o ${WORK_DIR}/route_units_pc)
run(${WORK_DIR}/route_units_pc)
# The walkthrough, as a user of the installed tree runs it.
run(${prefix}/share/ciie/examples/walkthrough.sh ${prefix}/bin/ciie)
foreach(expected "registered 91350100MA45BGC17X" "registered 91310115591693856A"
                 "3 rows: 3 registered" "industry-01" "confirmed: payment 1"
                 "duplicate: payment 1" "1 matched" "issued invoice 24310000000000000001"
                 "issued blue invoice 24310000000000000003" "confirmed the transfer of refund 1"
                 "claimed the past record of 91510100MA34729FXF" "licence re-check: confirmed"
                 "badge state:   reuse_activated"
                 "applied: 91350100MA45BGC17X" "4 rows: 4 imported, 0 updated"
                 "1     9.663  same      EXB-0001" ", accepted"
                 "recorded deal DEAL-2024-0001" "unchanged: deal DEAL-2024-0001"
                 "(badge-20, 20.00 yuan) for unit:91350100MA45BGC17X: 1000 points spent"
                 "registration approved" "周敏,cn_id,320102*****0020,139****0021"
                 "The rows after TOTAL are industry delegations")
  string(FIND "${last_output}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "installed walkthrough output lacks '${expected}':\n${last_output}")
  endif()
endforeach()
message(STATUS "find_package and pkg-config consumers built and ran, the tutorial's programs "
               "printed what docs/embedding.md shows; the installed walkthrough ran")
