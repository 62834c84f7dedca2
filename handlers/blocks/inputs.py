"""Form-building blocks for modals: menus, inputs and number fields keyed by `FieldIds`."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    InputBlock,
    InputInteractiveElement,
    NumberInputElement,
    Option,
    StaticSelectElement,
)

from handlers.blocks.ids import FieldIds


def options(choices: dict[str, str]) -> list[Option]:
    """Static options from {value: label}."""
    return [Option(value=value, label=label) for value, label in choices.items()]


def pick(options: list[Option], value: str | None) -> Option | None:
    """The option holding `value`, if any."""
    return next((o for o in options if o.value == value), None)


def menu(field: FieldIds, choices: dict[str, str], initial: str | None) -> StaticSelectElement:
    """A static menu over {value: label}, preselecting `initial`."""
    offered = options(choices)
    return StaticSelectElement(
        action_id=field.action_id,
        placeholder="Choose…",
        options=offered,
        initial_option=pick(offered, initial),
    )


def labelled(
    field: FieldIds,
    label: str,
    element: InputInteractiveElement,
    *,
    hint: str | None = None,
    optional: bool = False,
) -> InputBlock:
    """An input block whose block id is the field's (where Slack shows its error)."""
    return InputBlock(
        block_id=field.block_id,
        label=label,
        element=element,
        hint=hint,
        optional=optional or None,
    )


def whole_number(
    field: FieldIds, low: int, high: int, initial: int | None = None
) -> NumberInputElement:
    """A whole-number input between `low` and `high`."""
    return NumberInputElement(
        action_id=field.action_id,
        is_decimal_allowed=False,
        min_value=low,
        max_value=high,
        initial_value=initial,
    )
