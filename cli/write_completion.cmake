# Writes the bash completion script: `${CIIE} completion bash` > ${OUT} (cli/CMakeLists.txt).
execute_process(COMMAND ${CIIE} completion bash
                OUTPUT_FILE ${OUT}
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "`${CIIE} completion bash` failed: ${status}")
endif()
