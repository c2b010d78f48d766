package dev.switchboard.provider.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Transport;
import dev.switchboard.provider.UpstreamExchange;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Answers OpenAI chat requests in-process, after {@code latency_ms}, failing {@code fail_rate} of them with 503. */
final class MockTransport implements Transport {
  private static final int WORDS_PER_CHUNK = 2;

  private final Vertx vertx;
  private final long latencyMs;
  private final double failRate;
  private final long streamIntervalMs;

  MockTransport(Vertx vertx, long latencyMs, double failRate, long streamIntervalMs) {
    this.vertx = vertx;
    this.latencyMs = latencyMs;
    this.failRate = failRate;
    this.streamIntervalMs = streamIntervalMs;
  }

  @Override
  public Future<UpstreamExchange> send(UpstreamRequest request, long readTimeoutMs) {
    Promise<UpstreamExchange> promise = Promise.promise();
    Runnable answer = () -> promise.complete(answer(request));
    if (latencyMs > 0) {
      vertx.setTimer(latencyMs, id -> answer.run());
    } else {
      answer.run();
    }
    return promise.future();
  }

  private UpstreamExchange answer(UpstreamRequest request) {
    MultiMap json = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    if (failRate > 0 && ThreadLocalRandom.current().nextDouble() < failRate) {
      return new MockExchange(vertx, 503, json, List.of(error("mock provider: injected failure (fail_rate="
          + failRate + ")", "server_error")), 0);
    }
    if (request.url().endsWith("/embeddings")) {
      return embeddings(request, json);
    }
    if (request.method().equals("GET") && request.url().endsWith("/models")) {
      ObjectNode list = Json.MAPPER.createObjectNode().put("object", "list");
      list.putArray("data").addObject().put("id", "mock-1").put("object", "model").put("owned_by", "switchboard");
      return new MockExchange(vertx, 200, json, List.of(Buffer.buffer(list.toString())), 0);
    }
    ChatRequest chat;
    try {
      chat = Json.MAPPER.readValue(request.body().getBytes(), ChatRequest.class);
    } catch (Exception e) {
      return new MockExchange(vertx, 400, json, List.of(error("mock provider: unreadable request", "invalid_request_error")), 0);
    }
    MockReplies.Reply reply = MockReplies.reply(chat);
    String id = "chatcmpl-mock-" + UUID.randomUUID().toString().substring(0, 8);
    long created = System.currentTimeMillis() / 1000;
    if (!chat.streaming()) {
      return new MockExchange(vertx, 200, json, List.of(Buffer.buffer(completion(id, created, chat, reply).toString())), 0);
    }
    MultiMap sse = MultiMap.caseInsensitiveMultiMap().add("content-type", "text/event-stream");
    return new MockExchange(vertx, 200, sse, streamFrames(id, created, chat, reply), streamIntervalMs);
  }

  private MockExchange embeddings(UpstreamRequest request, MultiMap json) {
    try {
      EmbeddingRequest embedding = Json.MAPPER.readValue(request.body().getBytes(), EmbeddingRequest.class);
      return new MockExchange(vertx, 200, json, List.of(Buffer.buffer(MockEmbeddings.answer(embedding).toString())), 0);
    } catch (Exception e) {
      return new MockExchange(vertx, 400, json, List.of(error("mock provider: unreadable request", "invalid_request_error")), 0);
    }
  }

  private static ObjectNode completion(String id, long created, ChatRequest chat, MockReplies.Reply reply) {
    ObjectNode root = Json.MAPPER.createObjectNode().put("id", id).put("object", "chat.completion")
        .put("created", created).put("model", chat.model());
    ObjectNode message = Json.MAPPER.createObjectNode().put("role", "assistant");
    if (reply.toolName() != null) {
      message.putNull("content");
      ArrayNode calls = message.putArray("tool_calls");
      calls.addObject().put("id", "call_mock_1").put("type", "function").putObject("function")
          .put("name", reply.toolName()).put("arguments", reply.toolArguments());
    } else {
      message.put("content", reply.text());
    }
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.put("finish_reason", reply.finishReason());
    root.set("usage", usage(reply));
    return root;
  }

  private static List<Buffer> streamFrames(String id, long created, ChatRequest chat, MockReplies.Reply reply) {
    List<Buffer> frames = new ArrayList<>();
    frames.add(frame(chunk(id, created, chat, Json.MAPPER.createObjectNode().put("role", "assistant").put("content", ""), null)));
    if (reply.toolName() != null) {
      ObjectNode first = Json.MAPPER.createObjectNode();
      first.putArray("tool_calls").addObject().put("index", 0).put("id", "call_mock_1").put("type", "function")
          .putObject("function").put("name", reply.toolName()).put("arguments", "");
      frames.add(frame(chunk(id, created, chat, first, null)));
      String args = reply.toolArguments();
      int half = args.length() / 2;
      for (String piece : new String[] {args.substring(0, half), args.substring(half)}) {
        ObjectNode delta = Json.MAPPER.createObjectNode();
        delta.putArray("tool_calls").addObject().put("index", 0).putObject("function").put("arguments", piece);
        frames.add(frame(chunk(id, created, chat, delta, null)));
      }
    } else {
      for (String piece : pieces(reply.text())) {
        frames.add(frame(chunk(id, created, chat, Json.MAPPER.createObjectNode().put("content", piece), null)));
      }
    }
    frames.add(frame(chunk(id, created, chat, Json.MAPPER.createObjectNode(), reply.finishReason())));
    if (chat.wantsStreamUsage()) {
      ObjectNode usageChunk = Json.MAPPER.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
          .put("created", created).put("model", chat.model());
      usageChunk.putArray("choices");
      usageChunk.set("usage", usage(reply));
      frames.add(frame(usageChunk));
    }
    frames.add(Buffer.buffer("data: [DONE]\n\n"));
    return frames;
  }

  private static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    String[] words = text.split("(?<= )");
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      current.append(words[i]);
      if ((i + 1) % WORDS_PER_CHUNK == 0) {
        out.add(current.toString());
        current.setLength(0);
      }
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }

  private static ObjectNode chunk(String id, long created, ChatRequest chat, ObjectNode delta, String finishReason) {
    ObjectNode root = Json.MAPPER.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
        .put("created", created).put("model", chat.model());
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return root;
  }

  private static ObjectNode usage(MockReplies.Reply reply) {
    return Json.MAPPER.createObjectNode().put("prompt_tokens", reply.promptTokens())
        .put("completion_tokens", reply.completionTokens())
        .put("total_tokens", reply.promptTokens() + reply.completionTokens());
  }

  private static Buffer frame(ObjectNode json) {
    return Buffer.buffer("data: " + json + "\n\n");
  }

  private static Buffer error(String message, String type) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("error").put("message", message).put("type", type);
    return Buffer.buffer(root.toString());
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
