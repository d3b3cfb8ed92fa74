"""Reference verdicts of python-stdnum for tongban's identifier parsers.

Run by crates/domain/tests/ident_reference.rs, never by hand in normal use.

    python3 ident_reference.py table
        prints stdnum's cn/loc county table (code and validity years only) in
        the format of crates/domain/src/ident/gb2260_history.txt;
    python3 ident_reference.py verdicts INPUT_FILE
        reads lines "ric<TAB>value" or "uscc<TAB>value" (value JSON-quoted)
        and prints one verdict per line: the stdnum kind (ok, length, format,
        checksum, date, place, crash:<Exception>) then TAB then 1 or 0, the
        verdict of the documented deviation rule (docs/identifiers.md).
"""

import functools
import json
import sys

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import (InvalidChecksum, InvalidComponent,
                               InvalidFormat, InvalidLength)
from stdnum.util import isdigits

KINDS = ((InvalidLength, 'length'), (InvalidFormat, 'format'),
         (InvalidChecksum, 'checksum'))


def windows(county_field):
    """The (start, end) validity windows of one county entry, as stdnum reads
    them; None means "valid in every year"."""
    out = []
    for county in county_field.split(','):
        if not county.startswith('['):
            return None
        startend = county[1:].split(']')[0]
        start, end = startend.split('-')
        out.append((start, end))
    return out


def table():
    db = numdb.get('cn/loc')
    lines = []
    for _, plow, phigh, _, children in db.prefixes:
        assert plow == phigh
        for _, low, high, _, _ in children:
            assert low == high
            code = plow + low
            info = {k: v for _, props in db.info(code) for k, v in props.items()}
            w = windows(info['county'])
            lines.append(code + ('' if w is None else ''.join(
                ' %s-%s' % se for se in w)))
    print('\n'.join(sorted(set(lines))))


def ric_kind(number):
    """stdnum's verdict on a resident ID number, by kind."""
    try:
        ric.validate(number)
        return 'ok'
    except InvalidComponent:
        try:
            ric.get_birth_date(number)
        except InvalidComponent:
            return 'date'
        return 'place'
    except Exception as e:  # noqa: B902 - stdnum 2.2 raises KeyError here
        for cls, name in KINDS:
            if isinstance(e, cls):
                return name
        return 'crash:' + type(e).__name__


def ric_deviation(number, kind):
    """Our documented rule: the address code only has to be in force in some
    year on or after the birth year (GB 11643: the code of the residence when
    the number is assigned), not in the birth year itself."""
    if kind != 'place':
        return False
    number = ric.compact(number)
    db = numdb.get('cn/loc')
    info = {k: v for _, props in db.info(number[:6]) for k, v in props.items()}
    if 'county' not in info:
        return False
    year = ric.get_birth_date(number).year
    w = windows(info['county'])
    return w is None or any(end == '' or int(end) >= year for _, end in w)


def uscc_kind(number):
    try:
        uscc.validate(number)
        return 'ok'
    except Exception as e:  # noqa: B902
        for cls, name in KINDS:
            if isinstance(e, cls):
                return name
        return 'crash:' + type(e).__name__


def uscc_deviation(number, kind):
    """GB 32100 lets positions 1-2 (registration authority and organisation
    category) be letters; stdnum demands digits in positions 1-8."""
    if kind != 'format':
        return False
    n = uscc.compact(number)
    alphabet = uscc._alphabet
    return (len(n) == 18 and all(c in alphabet for c in n)
            and isdigits(n[2:8]) and n[-1] == uscc.calc_check_digit(n))


def verdicts(path):
    # numdb lookups are pure; memoising them only saves time (the 6-digit
    # address codes repeat across the inputs).
    db = numdb.get('cn/loc')
    db.info = functools.lru_cache(maxsize=None)(db.info)
    out = []
    with open(path, encoding='utf-8') as fp:
        for line in fp:
            scheme, value = line.rstrip('\n').split('\t', 1)
            value = json.loads(value)
            if scheme == 'ric':
                kind = ric_kind(value)
                dev = ric_deviation(value, kind)
            else:
                kind = uscc_kind(value)
                dev = uscc_deviation(value, kind)
            out.append('%s\t%d' % (kind, dev))
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    if sys.argv[1] == 'table':
        table()
    else:
        verdicts(sys.argv[2])
