"""The offline planner: a rule-based chat model that emits the same tool calls an LLM would."""
