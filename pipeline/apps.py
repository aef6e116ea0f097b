from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "pipeline"
    verbose_name = "Lead pipeline"

    def ready(self) -> None:
        # Register the stage tasks in every process: services queue them by name (pipeline.stages.queue).
        from pipeline import tasks  # noqa: F401
