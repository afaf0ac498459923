# The two commands a newcomer needs: `make run` and `make test`.
.PHONY: run test setup

setup:
	@scripts/bootstrap.sh

run: setup
	@scripts/run.sh

test: setup
	@scripts/test.sh
