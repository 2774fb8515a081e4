"""Eddy's Lambda runtime for Python: the Runtime API loop, as AWS's awslambdaric runs it.

Started by Eddy as `python3 -u eddy_bootstrap.py` in the function's code directory, with Lambda's
environment (`_HANDLER`, `AWS_LAMBDA_RUNTIME_API`, ...). It imports `module.function` from the code
directory, then asks the Runtime API for invocations one at a time and posts each result or error back,
in the shapes Lambda's Python runtime gives them (SEMANTICS.md G.2). Standard library only.
"""

import functools
import importlib
import json
import logging
import os
import re
import socket
import sys
import time

# A cold start pays only for what it needs: traceback is imported on the first error, decimal is never
# imported here, and the Runtime API is spoken over a socket rather than with http.client, whose email
# and ssl imports alone cost tens of milliseconds.

ERROR_LOG_LINE_TERMINATE = "\r"
ERROR_LOG_IDENT = "\u00a0"  # awslambdaric indents traceback lines in logs with no-break spaces


class FaultException(Exception):
    """An error the runtime reports with its own type (Runtime.*), not the handler's exception."""

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


class RuntimeApiClient:
    """
    HTTP/1.1 over one keep-alive connection to the Runtime API (Eddy's, on the loopback), just what its
    answers need: a status, headers, a body of Content-Length or chunked. Any failure to reach it ends
    the runtime.
    """

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.host = address
        try:
            self.sock = socket.create_connection((host, int(port)))
        except OSError as error:
            self._gone(error)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def request(self, method, path, body=b"", headers=None):
        head = "{} /2018-06-01/runtime/{} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n".format(method, path, self.host, len(body))
        for name, value in (headers or {}).items():
            head += "{}: {}\r\n".format(name, value)
        try:
            self.sock.sendall(head.encode("latin-1") + b"\r\n" + body)
            status_line = self.reader.readline()
            if not status_line:
                raise ConnectionError("connection closed")
            status = int(status_line.split()[1])
            answer_headers = {}
            while True:
                line = self.reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                answer_headers[name.strip().lower()] = value.strip()
            if answer_headers.get("transfer-encoding", "").lower() == "chunked":
                answer = self._chunked()
            else:
                answer = self.reader.read(int(answer_headers.get("content-length") or 0))
            return status, answer_headers, answer
        except (OSError, ValueError, IndexError) as error:
            self._gone(error)

    def _chunked(self):
        chunks = []
        while True:
            size = int(self.reader.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while self.reader.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.reader.read(size))
            self.reader.readline()

    @staticmethod
    def _gone(error):
        # Eddy went away (or replaced this environment): nothing left to serve.
        sys.stderr.write("eddy bootstrap: the Runtime API is unreachable ({}), exiting\n".format(error))
        os._exit(1)

    def next_invocation(self):
        status, headers, body = self.request("GET", "invocation/next")
        if status != 200:
            sys.stderr.write("eddy bootstrap: /next answered {}: {}\n".format(status, body.decode("utf-8", "replace")))
            sys.exit(1)
        return headers, body

    def post_result(self, request_id, body, content_type):
        self._post("invocation/{}/response".format(request_id), body, {"Content-Type": content_type})

    def post_error(self, request_id, error):
        self._post("invocation/{}/error".format(request_id), to_json(error), {"Content-Type": "application/json"})

    def post_init_error(self, error):
        headers = {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]}
        self._post("init/error", to_json(error), headers)

    def _post(self, path, body, headers):
        if isinstance(body, str):
            body = body.encode("utf-8")
        status, _, answer = self.request("POST", path, body, headers)
        if status != 202:
            # e.g. 413 for a response over 6 MB: the caller already has Lambda's error for it.
            sys.stderr.write("eddy bootstrap: {} answered {}: {}\n".format(path, status, answer.decode("utf-8", "replace")))


# JSON as awslambdaric writes it (simplejson there): NaN and Infinity allowed, Decimal written as its own
# literal (Decimal('1.10') -> 1.10), non-ASCII kept as is from python3.12 on.
_DECIMAL_MARK = "\u0000eddy-decimal-" + os.urandom(16).hex() + ":"
_DECIMAL_LITERAL = re.compile(r'"\\u0000' + re.escape(_DECIMAL_MARK[1:]) + r'([^"]*)"')


class _Encoder(json.JSONEncoder):
    def default(self, o):
        decimal = sys.modules.get("decimal")  # a Decimal exists only once something imported decimal
        if decimal is not None and isinstance(o, decimal.Decimal):
            if o.is_nan():
                return float("nan")
            return _DECIMAL_MARK + str(o)
        return super().default(o)


def _ensure_ascii():
    match = re.match(r"AWS_Lambda_python3\.(\d+)$", os.environ.get("AWS_EXECUTION_ENV", ""))
    return not (match and int(match.group(1)) >= 12)


def to_json(value):
    text = _Encoder(ensure_ascii=_ensure_ascii()).encode(value)
    return _DECIMAL_LITERAL.sub(lambda m: m.group(1), text) if _DECIMAL_MARK[1:] in text else text


def marshal_response(result):
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        return to_json(result), "application/json"
    except Exception as error:
        raise FaultException("Runtime.MarshalError", "Unable to marshal response: {}".format(error))


def unmarshal_event(body, content_type):
    if content_type != "application/json":
        return body
    try:
        return json.loads(body)
    except Exception as error:
        raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: {}".format(error))


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]


def _object_from(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field))
    return obj


class LambdaContext(object):
    """The `context` argument, with awslambdaric's attributes (memory_limit_in_mb is a string)."""

    def __init__(self, request_id, client_context, cognito_identity, deadline_ms, invoked_function_arn):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = None
        self.client_context = _object_from(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _object_from(Client, self.client_context.client)
        self.identity = _object_from(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))


def _json_header(value, name):
    if not value:
        return None
    try:
        return json.loads(value)
    except Exception as error:
        raise FaultException("Runtime.LambdaContextUnmarshalError", "Unable to parse {} JSON: {}".format(name, error))


def make_error(message, error_type, request_id, stack_trace):
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id,
        "stackTrace": stack_trace if stack_trace else [],
    }


def _user_frames(tb):
    """The traceback's frames from the first one outside this file (awslambdaric drops its own)."""
    import traceback

    frames = traceback.extract_tb(tb)
    for index, frame in enumerate(frames):
        if os.path.abspath(frame.filename) != os.path.abspath(__file__):
            return frames[index:]
    return frames


def error_from(exc_info, request_id):
    error_type, value, tb = exc_info
    if isinstance(value, FaultException):
        return make_error(value.msg, value.exception_type, request_id, value.trace)
    import traceback

    return make_error(str(value), error_type.__name__, request_id, traceback.format_list(_user_frames(tb)))


def _indent(line):
    stripped = line.lstrip(" ")
    return ERROR_LOG_IDENT * (len(line) - len(stripped)) + stripped


def log_error(error):
    """`[ERROR] Type: message`, then the traceback, joined by \\r as awslambdaric logs one error."""
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        description += (":" if error.get("errorType") else "") + " " + error["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error.get("stackTrace", []):
        lines += [_indent(line) for line in element.splitlines()] if element else [""]
    sys.stdout.write(ERROR_LOG_LINE_TERMINATE.join(lines) + "\n")


def load_handler(handler):
    """`module.function` (split on the last dot, `/` in the module read as `.`), or a FaultException."""
    try:
        (module_name, function_name) = handler.rsplit(".", 1)
    except ValueError as error:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, error))
    module_name = module_name.replace("/", ".")
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise FaultException("Runtime.BuiltInModuleConflict", "Cannot use built-in module {} as a handler module".format(module_name))
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(module_name, error))
    except SyntaxError as error:
        trace = ['  File "%s" Line %s\n    %s' % (error.filename, error.lineno, error.text)]
        raise FaultException("Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(module_name, error), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException("Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(function_name, module_name))


def point_botocore_at_endpoint():
    """
    boto3 clients created without an endpoint reach AWS_ENDPOINT_URL (Eddy). botocore reads that
    variable itself only from 1.31 (configured endpoint URLs); older releases, like Debian 12's 1.29,
    ignore it, so for those Session.create_client is wrapped to default endpoint_url to it. Done when
    the handler first imports botocore.session (boto3 does), so a handler without boto3 pays nothing.
    """
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return
    if "botocore.session" in sys.modules:
        _patch_botocore_session(sys.modules["botocore.session"], endpoint)
    else:
        sys.meta_path.insert(0, _BotocoreSessionHook(endpoint))


class _BotocoreSessionHook(object):
    """A meta path finder that lets botocore.session load as usual, then patches it."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "botocore.session":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module
        endpoint = self.endpoint

        def exec_and_patch(module):
            exec_module(module)
            _patch_botocore_session(module, endpoint)

        spec.loader.exec_module = exec_and_patch
        return spec


def _patch_botocore_session(session_module, endpoint):
    configprovider = sys.modules.get("botocore.configprovider")
    if "ignore_configured_endpoint_urls" in getattr(configprovider, "BOTOCORE_DEFAUT_SESSION_VARIABLES", {}):
        return  # botocore 1.31+: it reads AWS_ENDPOINT_URL (and the per-service variables) itself
    create_client = session_module.Session.create_client
    endpoint_position = 5  # service_name, region_name, api_version, use_ssl, verify, endpoint_url

    @functools.wraps(create_client)
    def create_client_with_endpoint(self, *args, **kwargs):
        if len(args) > endpoint_position:
            if args[endpoint_position] is None:
                args = args[:endpoint_position] + (endpoint,) + args[endpoint_position + 1:]
        elif kwargs.get("endpoint_url") is None:
            kwargs["endpoint_url"] = endpoint
        return create_client(self, *args, **kwargs)

    session_module.Session.create_client = create_client_with_endpoint


_request_id = ""


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id
        return True


class _StdoutHandler(logging.Handler):
    def emit(self, record):
        sys.stdout.write(self.format(record))


def install_logging():
    """The root logger as awslambdaric sets it: Lambda's line format in UTC; its level only from AWS_LAMBDA_LOG_LEVEL."""
    logging.Formatter.converter = time.gmtime
    handler = _StdoutHandler()
    handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(_RequestIdFilter())
    logger = logging.getLogger()
    logger.addHandler(handler)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    if level:
        logger.setLevel(level.upper())


def handle(client, request_handler, headers, body):
    global _request_id
    request_id = headers.get("lambda-runtime-aws-request-id")
    _request_id = request_id
    trace_id = headers.get("lambda-runtime-trace-id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    try:
        context = LambdaContext(
            request_id,
            _json_header(headers.get("lambda-runtime-client-context"), "Client Context"),
            _json_header(headers.get("lambda-runtime-cognito-identity"), "Cognito Identity"),
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
        )
        event = unmarshal_event(body, headers.get("content-type"))
        result, content_type = marshal_response(request_handler(event, context))
    except Exception:
        error = error_from(sys.exc_info(), request_id)
        log_error(error)
        client.post_error(request_id, error)
        return
    client.post_result(request_id, result, content_type)


def main():
    client = RuntimeApiClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    # The handler's modules come from the code directory, not from beside this file.
    sys.path[0] = task_root
    install_logging()
    point_botocore_at_endpoint()
    try:
        request_handler = load_handler(os.environ.get("_HANDLER", ""))
    except Exception:
        error = error_from(sys.exc_info(), "")
        log_error(error)
        client.post_init_error(error)
        sys.exit(1)
    while True:
        headers, body = client.next_invocation()
        handle(client, request_handler, headers, body)


if __name__ == "__main__":
    main()
