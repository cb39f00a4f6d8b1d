"""Python values as statement parameters: bound as values, never written into SQL text."""
import datetime
import decimal

# orbit::Parameter::Kind (include/orbit/parameter.h)
_NULL, _BOOLEAN, _INT64, _DOUBLE, _TEXT, _DATE, _DECIMAL, _TIMESTAMP = range(8)
_EPOCH = datetime.date(1970, 1, 1)
_EPOCH_TIME = datetime.datetime(1970, 1, 1)
_MICROSECOND = datetime.timedelta(microseconds=1)


def to_engine(value):
    """A value as the (kind, integer, real, text) the engine module takes: None, bool, int,
    float, str (untyped, as a quoted literal), datetime.date, datetime.datetime (a TIMESTAMP;
    one with a time zone is converted to UTC), datetime.timedelta (an untyped interval
    literal) and decimal.Decimal."""
    if value is None:
        return (_NULL, 0, 0.0, "")
    if _is_numpy_scalar(value):
        # np.int16(3), np.float32(0.5): the Python number they hold (a float32 exactly).
        value = value.item()
    if isinstance(value, bool):
        return (_BOOLEAN, int(value), 0.0, "")
    if isinstance(value, int):
        if -(2**63) <= value < 2**63:
            return (_INT64, value, 0.0, "")
        return (_DECIMAL, 0, 0.0, str(value))
    if isinstance(value, float):
        return (_DOUBLE, 0, value, "")
    if isinstance(value, str):
        return (_TEXT, 0, 0.0, value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return (_TIMESTAMP, (value - _EPOCH_TIME) // _MICROSECOND, 0.0, "")
    if isinstance(value, datetime.date):
        return (_DATE, (value - _EPOCH).days, 0.0, "")
    if isinstance(value, datetime.timedelta):
        # An untyped literal an INTERVAL reads exactly ($1::INTERVAL, or next to an INTERVAL).
        return (_TEXT, 0, 0.0, f"{value.days} days {value.seconds} seconds {value.microseconds} microseconds")
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise TypeError(f"decimal parameter {value} is not a finite number")
        return (_DECIMAL, 0, 0.0, format(value, "f"))
    if isinstance(value, (list, tuple)) or _is_vector(value):
        return (_TEXT, 0, 0.0, _array_text(value))
    raise TypeError(f"cannot pass a {type(value).__name__} as a parameter; "
                    "use None, bool, int, float, str, datetime.date, datetime.datetime, decimal.Decimal, "
                    "or a list or 1-D NumPy array (an array, T[n] or T[])")


def _is_numpy_scalar(value):
    """A NumPy scalar (np.int8, np.float32, ...), without importing NumPy."""
    return hasattr(value, "item") and getattr(value, "ndim", None) == 0 and hasattr(value, "dtype")


def _is_vector(value):
    """A 1-D NumPy array (or anything shaped like one), without importing NumPy."""
    return hasattr(value, "tolist") and getattr(value, "ndim", None) == 1


def _array_text(value):
    """A list as an untyped array literal that takes the type its use gives it ($1::REAL[3],
    $1::VARCHAR[], the other argument of array_distance): numbers as '[1.5, 2.0, 3.0]' (repr()
    of a float reads back as the same double, so a float32 element arrives exactly), any
    other list in PostgreSQL's text form, '{"a b",NULL,c}'."""
    items = value.tolist() if _is_vector(value) else list(value)
    if all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in items):
        return "[" + ", ".join(repr(item) for item in items) + "]"
    return "{" + ",".join(_element_text(item) for item in items) + "}"


def _element_text(item):
    """One element of a PostgreSQL array literal, quoted so that any text reads back as itself."""
    if item is None:
        return "NULL"
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, (int, float)):
        return repr(item)
    if isinstance(item, datetime.datetime):
        if item.tzinfo is not None:
            item = item.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        text = item.isoformat(sep=" ")
    elif isinstance(item, (datetime.date, decimal.Decimal)):
        text = str(item)
    elif isinstance(item, str):
        text = item
    else:
        raise TypeError(f"an array parameter cannot hold a {type(item).__name__}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_engine_list(params):
    """A sequence of values as the engine's parameter list; None stays None (no parameters)."""
    if params is None:
        return None
    if isinstance(params, (str, bytes, dict)):
        raise TypeError("params must be a sequence of values, such as a list or tuple")
    return [to_engine(value) for value in params]
