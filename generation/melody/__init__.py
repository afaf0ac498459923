"""Drill generation, free of Django: parameters, the learned model, constrained sampling, requests in words."""

from .drill import Drill, DrillNote
from .errors import GenerationError, InfeasibleRequest, InvalidParams
from .generate import generate_drill
from .params import DrillParams
from .request import NoDrillAsked, RequestResult, parse_request

__all__ = [
    "Drill", "DrillNote", "DrillParams", "GenerationError", "InfeasibleRequest", "InvalidParams", "NoDrillAsked", "RequestResult",
    "generate_drill", "parse_request",
]
