#!/usr/bin/env python3
"""Regenerates the provider catalog files (providers/<type>.yaml) from a LiteLLM-format price list.

Usage: python3 providers/build_catalog.py PATH/TO/model_prices_and_context_window.json [PRICES_AS_OF]

Prices are converted from USD per token to USD per million tokens with decimal arithmetic (the JSON is
parsed with Decimal, never float) and written as quoted strings. Only chat and embedding models are kept.
The `mock` catalog is maintained by hand and not touched here. providers/index.txt, the list of catalog
files the gateway loads, is rewritten to name every providers/*.yaml.
"""
import glob
import os
import json
import sys
from decimal import Decimal

MILLION = Decimal(1000000)

# type, display name, LiteLLM provider keys, default base_url, auth style, adapter (the code that speaks it)
TYPES = [
    ("openai", "OpenAI", ["openai"], "https://api.openai.com/v1", "bearer", "openai"),
    ("azure-openai", "Azure OpenAI", ["azure"], "", "api-key", "azure-openai"),
    ("anthropic", "Anthropic", ["anthropic"], "https://api.anthropic.com", "x-api-key", "anthropic"),
    ("gemini", "Google Gemini (Generative Language API)", ["gemini"], "https://generativelanguage.googleapis.com",
     "x-goog-api-key", "gemini"),
    ("vertex", "Google Vertex AI (Gemini and Anthropic models)",
     ["vertex_ai-language-models", "vertex_ai-anthropic_models", "vertex_ai-embedding-models"], "",
     "oauth2-bearer", "vertex"),
    ("cohere", "Cohere", ["cohere", "cohere_chat"], "https://api.cohere.com", "bearer", "cohere"),
    ("ollama", "Ollama", ["ollama"], "http://127.0.0.1:11434", "none", "ollama"),
    ("bedrock", "Amazon Bedrock", ["bedrock", "bedrock_converse"], "https://bedrock-runtime.{region}.amazonaws.com",
     "sigv4", "bedrock"),
    ("mistral", "Mistral AI", ["mistral"], "https://api.mistral.ai/v1", "bearer", "openai"),
    ("groq", "Groq", ["groq"], "https://api.groq.com/openai/v1", "bearer", "openai"),
    ("deepseek", "DeepSeek", ["deepseek"], "https://api.deepseek.com/v1", "bearer", "openai"),
    ("together", "Together AI", ["together_ai"], "https://api.together.xyz/v1", "bearer", "openai"),
    ("fireworks", "Fireworks AI", ["fireworks_ai"], "https://api.fireworks.ai/inference/v1", "bearer", "openai"),
    ("openrouter", "OpenRouter", ["openrouter"], "https://openrouter.ai/api/v1", "bearer", "openai"),
    ("xai", "xAI", ["xai"], "https://api.x.ai/v1", "bearer", "openai"),
    ("perplexity", "Perplexity", ["perplexity"], "https://api.perplexity.ai", "bearer", "openai"),
    ("vllm", "vLLM (self-hosted)", [], "http://127.0.0.1:8000/v1", "bearer", "openai"),
    ("lm-studio", "LM Studio (local)", [], "http://127.0.0.1:1234/v1", "none", "openai"),
]
PREFIXES = ["azure/", "gemini/", "vertex_ai/", "cohere/", "ollama/", "mistral/", "groq/", "deepseek/", "together_ai/",
            "fireworks_ai/", "openrouter/", "xai/", "perplexity/"]
PRICES = [("input_cost_per_token", "input_per_mtok"), ("output_cost_per_token", "output_per_mtok"),
          ("cache_read_input_token_cost", "cached_input_per_mtok"),
          ("cache_creation_input_token_cost", "cache_write_per_mtok"),
          ("output_cost_per_reasoning_token", "reasoning_per_mtok")]
FLAGS = [("supports_function_calling", "tools"), ("supports_vision", "vision"),
         ("supports_response_schema", "json_schema")]


def per_million(value):
    return format((Decimal(value) * MILLION).normalize(), "f")


def model_name(key):
    for prefix in PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def entry(spec):
    mode = spec.get("mode")
    fields = [("mode", mode)]
    if spec.get("max_input_tokens"):
        fields.append(("context_window", int(spec["max_input_tokens"])))
    if mode == "chat" and spec.get("max_output_tokens"):
        fields.append(("max_output_tokens", int(spec["max_output_tokens"])))
    for source, target in PRICES:
        if spec.get(source) is not None and (mode == "chat" or source == "input_cost_per_token"):
            fields.append((target, '"%s"' % per_million(spec[source])))
    if mode == "chat":
        for source, target in FLAGS:
            fields.append((target, "true" if spec.get(source) else "false"))
    return ", ".join("%s: %s" % field for field in fields)


def main():
    data = json.load(open(sys.argv[1]), parse_float=Decimal)
    as_of = sys.argv[2] if len(sys.argv) > 2 else "2026-11-01"
    for type_name, display, sources, base_url, auth, adapter in TYPES:
        models = {}
        for key, spec in sorted(data.items()):
            if not isinstance(spec, dict) or spec.get("litellm_provider") not in sources:
                continue
            if spec.get("mode") not in ("chat", "embedding"):
                continue
            name = model_name(key)
            # Azure keys with a path and Bedrock keys with one (region-pinned or provisioned-throughput entries)
            # are not model ids a deployment names
            if name.startswith("ft:") or (type_name in ("azure-openai", "bedrock") and "/" in name):
                continue
            models.setdefault(name, entry(spec))
        lines = [
            "# Catalog of the `%s` provider type: defaults for every provider entry of this type, and the" % type_name,
            "# models it serves with context windows, capabilities and prices (USD per million tokens, exact decimals).",
            "# Generated by providers/build_catalog.py from the LiteLLM model price list (MIT licence).",
            "type: %s" % type_name,
            "display_name: %s" % json.dumps(display),
            "adapter: %s" % adapter,
            "base_url: %s" % json.dumps(base_url),
            "auth: %s" % auth,
            'prices_as_of: "%s"' % as_of,
        ]
        if models:
            lines.append("models:")
            for name, fields in models.items():
                shown = json.dumps(name) if any(c in name for c in ":{}[],#&*!|>'\"%@`") else name
                lines.append("  %s: { %s }" % (shown, fields))
        else:
            lines.append("models: {}   # self-hosted: whatever models the server loads; add prices per deployment")
        with open("providers/%s.yaml" % type_name, "w") as out:
            out.write("\n".join(lines) + "\n")
        print("%-13s %4d models" % (type_name, len(models)))
    names = sorted(os.path.basename(path) for path in glob.glob("providers/*.yaml"))
    with open("providers/index.txt", "w") as index:
        index.write("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
