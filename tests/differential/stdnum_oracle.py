#!/usr/bin/python3
# The python-stdnum side of stdnum_differential_test.cpp (china-rules §6.1). Run it with Debian's
# own interpreter (/usr/bin/python3), which sees the python3-stdnum package.
#
# Input, one query per line:  <kind> TAB <value>
# Output, one line per query: <kind> TAB <value> TAB <verdict> TAB <extra>
#   verdict: "ok" or the stdnum exception name (InvalidLength, InvalidFormat, InvalidChecksum,
#            InvalidComponent)
#   extra:   uscc     the check character stdnum computes for the first 17 characters, when they
#                     are all in the USCC alphabet, else ""
#            ric      "<calc_check_digit>,<date verdict>" when the value is 17 digits and one more
#                     character, else ""
#            mod11-2, mod11-10: ""
# Exit status 3 when stdnum cannot be imported, so the caller can skip instead of failing.
import sys

try:
    from stdnum.cn import ric, uscc
    from stdnum.exceptions import ValidationError
    from stdnum.iso7064 import mod_11_10, mod_11_2
except ImportError as error:
    print('stdnum unavailable: %s' % error, file=sys.stderr)
    sys.exit(3)

VALIDATORS = {
    'uscc': uscc.validate,
    'ric': ric.validate,
    'mod11-2': mod_11_2.validate,
    'mod11-10': mod_11_10.validate,
}
USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'


def verdict(function, value):
    try:
        function(value)
        return 'ok'
    except ValidationError as error:
        return type(error).__name__


def extra(kind, value):
    if kind == 'uscc':
        if len(value) == 18 and all(c in USCC_ALPHABET for c in value[:17]):
            return uscc.calc_check_digit(value[:17])
        return ''
    if kind == 'ric':
        if len(value) == 18 and all(c in '0123456789' for c in value[:17]):
            return '%s,%s' % (ric.calc_check_digit(value), verdict(ric.get_birth_date, value))
        return ''
    return ''


def main():
    sys.stdin.reconfigure(encoding='utf-8', newline='\n')
    sys.stdout.reconfigure(encoding='utf-8', newline='\n')
    out = []
    for line in sys.stdin:
        kind, _, value = line.rstrip('\n').partition('\t')
        out.append('\t'.join((kind, value, verdict(VALIDATORS[kind], value), extra(kind, value))))
    sys.stdout.write('\n'.join(out) + ('\n' if out else ''))


if __name__ == '__main__':
    main()
