package dev.switchboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.provider.StreamEvent;
import org.junit.jupiter.api.Test;

class ChunkJsonTest {
  private static final String HEAD =
      "{\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\"";

  @Test
  void firstDeltaOfAChoiceCarriesTheRoleLaterOnesDoNot() {
    ChunkJson chunks = new ChunkJson("chatcmpl-r1", 1_700_000_000L, "gpt-4o");
    assertEquals(HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
        + "\"finish_reason\":null}]}", chunks.render(new StreamEvent.TextDelta(0, "Hel")));
    assertEquals(HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}",
        chunks.render(new StreamEvent.TextDelta(0, "lo")));
    assertEquals(HEAD + ",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
        chunks.render(new StreamEvent.Finish(0, "stop")));
    assertEquals(HEAD + ",\"choices\":[{\"index\":1,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"hm\"},"
        + "\"finish_reason\":null}]}", chunks.render(new StreamEvent.ReasoningDelta(1, "hm")));
  }

  @Test
  void toolCallPiecesCarryIdTypeAndNameOnlyWhenGiven() {
    ChunkJson chunks = new ChunkJson("chatcmpl-r1", 1_700_000_000L, "gpt-4o");
    assertEquals(HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,"
        + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
        + "\"finish_reason\":null}]}", chunks.render(new StreamEvent.ToolCallDelta(0, 0, "call_1", "get_weather", "")));
    assertEquals(HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
        + "{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}",
        chunks.render(new StreamEvent.ToolCallDelta(0, 0, null, null, "{\"city\":")));
  }

  @Test
  void textIsEscapedSoEveryChunkIsValidJsonCarryingTheExactText() throws Exception {
    String tricky = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 emoji \uD83D\uDE00 é </script>";
    ChunkJson chunks = new ChunkJson("chatcmpl-\"odd\"", 1L, "model \"with\" quotes");
    JsonNode chunk = Json.MAPPER.readTree(chunks.render(new StreamEvent.TextDelta(0, tricky)));
    assertEquals(tricky, chunk.at("/choices/0/delta/content").asText());
    assertEquals("chatcmpl-\"odd\"", chunk.path("id").asText());
    assertEquals("model \"with\" quotes", chunk.path("model").asText());
  }

  @Test
  void usageReportsAreNotContentChunks() {
    ChunkJson chunks = new ChunkJson("chatcmpl-r1", 1_700_000_000L, "gpt-4o");
    assertNull(chunks.render(new StreamEvent.UsageReport(null)));
  }
}
