"""YAML data files are read by libyaml when PyYAML has it, with the same values and the pure-Python error messages."""

from __future__ import annotations

import pytest
import yaml

from armsledger import yamltext


def test_the_same_values_as_the_safe_loader():
    text = "a: [1, 2.5, yes, null, '2024-01-02', 2024-01-02]\nb: {c: text, d: ~}\n"
    assert yamltext.safe_load(text) == yaml.safe_load(text)


def test_only_plain_types_are_built():
    with pytest.raises(yaml.YAMLError):
        yamltext.safe_load("!!python/object/apply:os.system ['true']")


def test_a_malformed_document_is_reported_where_it_goes_wrong():
    with pytest.raises(yaml.YAMLError) as caught:
        yamltext.safe_load("actor: [")
    assert caught.value.problem_mark.line == 0  # type: ignore[attr-defined]
