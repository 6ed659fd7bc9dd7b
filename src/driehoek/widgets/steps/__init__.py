"""One view per step of the meeting flow."""

from __future__ import annotations

from collections.abc import Mapping

from driehoek.flow import Step
from driehoek.widgets.steps.agreements import AgreementsStep
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.steps.decision import DecisionStep
from driehoek.widgets.steps.learning import LearningStep
from driehoek.widgets.steps.participants import ParticipantsStep
from driehoek.widgets.steps.progress import ProgressStep
from driehoek.widgets.steps.questions import QuestionsStep
from driehoek.widgets.steps.review import ReviewStep
from driehoek.widgets.steps.reviews import ReviewsStep
from driehoek.widgets.steps.support import SupportStep
from driehoek.widgets.steps.workplace import WorkplaceStep

STEP_VIEWS: Mapping[Step, type[StepView]] = {
    view.step: view
    for view in (
        ReviewsStep,
        QuestionsStep,
        ProgressStep,
        ParticipantsStep,
        LearningStep,
        WorkplaceStep,
        SupportStep,
        AgreementsStep,
        DecisionStep,
        ReviewStep,
    )
}

__all__ = ["STEP_VIEWS", "StepView"]
