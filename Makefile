# The README's two commands are `make demo` and `make test`.
.PHONY: demo test setup lint fmt messages

demo:  ## install everything, load demo content, serve http://127.0.0.1:8000
	scripts/demo.sh

test:  ## install everything, run the suite on SQLite and on PostgreSQL + Redis
	scripts/test.sh

setup:
	scripts/setup.sh --dev

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

fmt:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

messages:  ## refresh locale/fa after changing translatable strings
	.venv/bin/khabar makemessages -l fa --ignore=.venv --ignore=node_modules --ignore=bench
	.venv/bin/khabar compilemessages --ignore=.venv --ignore=node_modules
