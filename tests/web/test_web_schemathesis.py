"""Property tests of the API from its own OpenAPI schema: no input makes the server fail (5xx).

Schemathesis generates the requests (a bounded number per operation); its pytest plugin does
not run under this pytest, so each operation's strategy is driven by hypothesis directly.
"""

from __future__ import annotations

from dataclasses import replace

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from dateline.web import Settings, create_app

EXAMPLES = 12


def test_no_input_makes_a_server_error(settings: Settings) -> None:
    # schemathesis calls the app as http://testserver: a name the app is told to serve
    app = create_app(replace(settings, allowed_hosts=("testserver",)))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures: list[str] = []
    calls = 0
    for operation in operations:

        @given(operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                             database=None, suppress_health_check=list(HealthCheck))
        def run(case: schemathesis.Case) -> None:
            nonlocal calls
            calls += 1
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> "
                                f"{response.status_code}: {response.text[:200]}")

        run()
    app.state.jobs.wait()
    assert calls >= len(operations) * 3
    assert failures == []

