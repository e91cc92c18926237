"""The files GitHub reads: workflows (actionlint plus what they must do), issue forms,
the pull request template, and the links of CONTRIBUTING.md."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
import typing
from pathlib import Path

import pytest
import yaml

from generator.cli.main import build_parser
from generator.model.catalog import TYPES_BY_NAME

from conftest import REPO

WORKFLOWS = REPO / ".github/workflows"
FORMS = REPO / ".github/ISSUE_TEMPLATE"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(job: dict) -> list[dict]:
    return list(job["steps"])


def uses(job: dict, action: str) -> dict:
    [step] = [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]
    return step


def runs(job: dict) -> list[str]:
    return [s["run"] for s in steps(job) if "run" in s]


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", "-oneline", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["deploy.yml", "import.yml", "pull-request.yml"]
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    # the check above means something only if actionlint really reads the files
    broken = tmp_path / ".github/workflows/broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.nope }}\n      - uses: actions/checkout@v5\n"
        "        with:\n          fetch-dept: 0\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert '"nope"' in result.stdout
    assert '"fetch-dept"' in result.stdout


def setup_python_with_pip_cache(job: dict) -> None:
    setup = uses(job, "actions/setup-python")["with"]
    assert setup["cache"] == "pip"
    assert setup["python-version"] == "3.11"
    assert "pip install -e ." in runs(job)


def test_pull_request_workflow():
    flow = load(WORKFLOWS / "pull-request.yml")
    assert "pull_request" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["cancel-in-progress"] is True

    quick = flow["jobs"]["changed-files"]
    setup_python_with_pip_cache(quick)
    # the base branch's history is needed to diff against it
    assert uses(quick, "actions/checkout")["with"]["fetch-depth"] == 0
    [step] = [s for s in steps(quick) if "--changed-since" in s.get("run", "")]
    assert step["run"] == 'campaign validate --changed-since "origin/$BASE_REF" --format github'
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}

    full = flow["jobs"]["build"]
    setup_python_with_pip_cache(full)
    assert runs(full)[1:] == [
        "campaign validate",
        "campaign build --strict",
        "campaign check-links site",
    ]
    artifact = uses(full, "actions/upload-artifact")["with"]
    assert artifact["path"] == "site/"
    # on CI a build needs SITE_URL unless it says it is a preview (issue 15)
    [build] = [s for s in steps(full) if s.get("run") == "campaign build --strict"]
    assert build["env"] == {"CAMPAIGN_PREVIEW": "1"}


def test_pull_request_workflow_builds_with_both_engines():
    job = load(WORKFLOWS / "pull-request.yml")["jobs"]["engines"]
    setup = uses(job, "actions/setup-python")["with"]
    assert (setup["python-version"], setup["cache"]) == ("3.11", "pip")
    # one build date for both, and a preview: CI=true otherwise needs SITE_URL (issue 15)
    assert job["env"]["SOURCE_DATE_EPOCH"].isdigit()
    assert job["env"]["CAMPAIGN_PREVIEW"] == "1"
    assert runs(job) == [
        "pip install -e '.[properdocs]'",
        'mkdocs build --strict --site-dir "$RUNNER_TEMP/mkdocs"',
        'properdocs build --strict --site-dir "$RUNNER_TEMP/properdocs"',
        'python .ci/compare_engines.py "$RUNNER_TEMP/mkdocs" "$RUNNER_TEMP/properdocs"',
    ]
    assert (REPO / ".ci/compare_engines.py").is_file()
    # the extra it installs is the one pyproject.toml declares
    with (REPO / "pyproject.toml").open("rb") as file:
        extras = tomllib.load(file)["project"]["optional-dependencies"]
    assert [d.split(">")[0] for d in extras["properdocs"]] == ["properdocs"]


def test_deploy_workflow():
    flow = load(WORKFLOWS / "deploy.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    build = flow["jobs"]["build"]
    setup_python_with_pip_cache(build)
    assert runs(build)[1:] == [
        "campaign validate",
        "campaign build --strict --deploy",
        'campaign check-links site --base-url "$SITE_URL"',
    ]
    assert uses(build, "actions/upload-pages-artifact")["with"]["path"] == "site/"
    # the build and the link check agree on the site's address
    pages_url = "${{ steps.pages.outputs.base_url }}/"
    assert [s["env"]["SITE_URL"] for s in steps(build) if "SITE_URL" in s.get("env", {})] == [
        pages_url,
        pages_url,
    ]

    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy, "actions/deploy-pages")["id"] == "deployment"
    # nothing else in the workflow may write
    assert flow["permissions"] == {"contents": "read"}


def test_import_workflow():
    flow = load(WORKFLOWS / "import.yml")
    inputs = flow["on"]["workflow_dispatch"]["inputs"]
    assert inputs["file"]["type"] == "string" and inputs["file"]["required"] is True
    assert inputs["type"]["options"] == [t.plural for t in TYPES_BY_NAME.values()]
    assert inputs["update"] == {
        "description": inputs["update"]["description"],
        "required": False,
        "type": "boolean",
        "default": False,
    }
    assert flow["permissions"] == {"contents": "read"}
    [job] = flow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    setup_python_with_pip_cache(job)
    # the inputs reach the scripts through env only: typed text is never pasted into one
    for step in steps(job):
        assert "${{" not in step.get("run", ""), step
    [guard, imported] = [s for s in steps(job) if "FILE" in s.get("env", {})]
    assert guard["env"] == {"FILE": "${{ inputs.file }}"}
    assert "$GITHUB_WORKSPACE/imports/" in guard["run"]
    assert imported["env"] == {
        "FILE": "${{ inputs.file }}",
        "TYPE": "${{ inputs.type }}",
        "UPDATE": "${{ inputs.update }}",
    }
    [command] = [line for line in imported["run"].splitlines() if line.startswith("campaign ")]
    assert command == 'campaign import "$FILE" --type "$TYPE" "${update[@]}"'
    # as the shell runs it, with the inputs of a run
    words = shlex.split(command.replace('"${update[@]}"', "--update"))
    given = {"$FILE": "imports/demands.xlsx", "$TYPE": "demands"}
    args = build_parser().parse_args([given.get(w, w) for w in words[1:]])
    assert (args.files, args.type, args.update) == (["imports/demands.xlsx"], "demands", True)
    # the guard comes first, the check after the import, the pull request last
    names = [s.get("name", s.get("uses")) for s in steps(job)]
    assert names.index(guard["name"]) < names.index("Import")
    assert runs(job)[-1] == "campaign validate"
    pull = uses(job, "peter-evans/create-pull-request")
    assert steps(job)[-1] is pull
    assert pull["with"]["add-paths"] == "catalog/**"


def test_import_workflow_guard_refuses_files_outside_imports(tmp_path):
    """The guard step's script, run by bash in a checkout-like folder."""
    [guard] = [
        s
        for s in steps(load(WORKFLOWS / "import.yml")["jobs"]["import"])
        if s.get("env") == {"FILE": "${{ inputs.file }}"}
    ]
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports/demands.xlsx").write_bytes(b"x")
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog/secret.yaml").write_text("x")
    (tmp_path / "imports/link.xlsx").symlink_to(tmp_path / "catalog/secret.yaml")

    def guard_says(file: str) -> tuple[int, str]:
        env = {"FILE": file, "GITHUB_WORKSPACE": str(tmp_path), "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            ["bash", "-e", "-c", guard["run"]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        return done.returncode, done.stdout

    assert guard_says("imports/demands.xlsx") == (0, "")
    outside = (1, "::error::the spreadsheet must be a file under imports/\n")
    for file in ("catalog/secret.yaml", "imports/../catalog/secret.yaml", "imports/link.xlsx"):
        assert guard_says(file) == outside, file
    assert guard_says("imports/missing.xlsx") == (1, "::error::no such file in the repository\n")


@pytest.mark.parametrize("name", ["pull-request.yml", "deploy.yml"])
def test_workflow_commands_are_valid_campaign_invocations(name):
    parser = build_parser()
    commands = [
        line
        for job in load(WORKFLOWS / name)["jobs"].values()
        for run in runs(job)
        for line in run.splitlines()
        if line.startswith("campaign ")
    ]
    assert commands
    for command in commands:
        args = parser.parse_args(shlex.split(command)[1:])
        assert args.func is not None


def literal_values(annotation: object) -> list[str]:
    """The allowed values of a Literal field, looking through list[...] and Optional."""
    for arg in typing.get_args(annotation) or ():
        if values := literal_values(arg):
            return values
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    return []


@pytest.mark.parametrize("kind", ["resource", "demand", "project"])
def test_issue_form(kind):
    form = load(FORMS / f"add-{kind}.yml")
    assert {"name", "description", "body"} <= set(form)
    assert form["name"] == f"Add a {'team project' if kind == 'project' else kind}"
    inputs = {item["id"]: item for item in form["body"] if item["type"] != "markdown"}
    ids = [item.get("id") for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids))

    model = TYPES_BY_NAME[kind].model
    # each form field is a key of the entry, so the office can copy answers across
    assert set(inputs) <= set(model.model_fields)
    for key, field in model.model_fields.items():
        if field.is_required():
            assert inputs[key]["validations"]["required"] is True, key
    # dropdowns offer exactly the values the validator accepts
    for key, item in inputs.items():
        if item["type"] == "dropdown" and key != "trl":
            options = item["attributes"]["options"]
            assert options == literal_values(model.model_fields[key].annotation), key
    if kind == "project":
        assert inputs["trl"]["attributes"]["options"] == [str(n) for n in range(1, 10)]
    # the Chinese version is asked for as the entry's zh: block, with its keys
    zh_keys = set(yaml.safe_load(inputs["zh"]["attributes"]["placeholder"]))
    zh_model = typing.get_args(model.model_fields["zh"].annotation)[0]
    assert zh_keys == set(zh_model.model_fields)


def test_issue_forms_cover_the_offer_types_and_expressing_interest():
    assert sorted(p.name for p in FORMS.iterdir()) == [
        "add-demand.yml",
        "add-project.yml",
        "add-resource.yml",
        "express-interest.yml",
    ]
    # an entry page's "open an issue" link fills the form's entry field (?entry=<id>)
    form = yaml.safe_load((FORMS / "express-interest.yml").read_text(encoding="utf-8"))
    ids = [item.get("id") for item in form["body"] if item.get("type") != "markdown"]
    assert "entry" in ids


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a document's headings."""
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", markdown, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_contributing_and_template_links_resolve():
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    template = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    targets = {"README.md": github_anchors(readme), "": github_anchors(contributing)}
    links = re.findall(r"\]\((README\.md|)#([^)]+)\)", contributing)
    assert ("README.md", "the-catalog-format") in links
    for page, anchor in links:
        assert anchor in targets[page], f"{page}#{anchor}"
    [anchor] = re.findall(r"CONTRIBUTING\.md#([^)]+)\)", template)
    assert anchor in targets[""]
    # the guide names the checks by the names the workflows give them
    for name in ("Check the changed files", "Build and preview"):
        assert f"**{name}**" in contributing and f"**{name}**" in template
    assert "**Build with MkDocs and with ProperDocs**" in contributing
    jobs = load(WORKFLOWS / "pull-request.yml")["jobs"]
    assert [job["name"] for job in jobs.values()] == [
        "Check the changed files",
        "Build and preview",
        "Build with MkDocs and with ProperDocs",
    ]
