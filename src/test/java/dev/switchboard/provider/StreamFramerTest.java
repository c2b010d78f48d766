package dev.switchboard.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamFramerTest {
  private final List<String> frames = new ArrayList<>();

  private StreamFramer framer(StreamFraming framing) {
    return new StreamFramer(framing, (event, data) -> frames.add(event == null ? data : event + "|" + data));
  }

  /** Feeds {@code text} cut after every byte offset in {@code cuts}. */
  private static void feed(StreamFramer framer, String text, int... cuts) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    for (int cut : cuts) {
      framer.feed(Buffer.buffer(Arrays.copyOfRange(bytes, from, cut)));
      from = cut;
    }
    framer.feed(Buffer.buffer(Arrays.copyOfRange(bytes, from, bytes.length)));
  }

  @Test
  void sseEventsComeWholeWhereverTheChunksAreCut() {
    String body = "event: delta\ndata: {\"a\":1}\n\n: a comment\ndata: line one\r\ndata: line two\r\n\r\ndata: [DONE]\n\n";
    for (int cut = 1; cut < body.length(); cut++) {
      frames.clear();
      StreamFramer framer = framer(StreamFraming.SSE);
      feed(framer, body, cut);
      framer.end();
      assertEquals(List.of("delta|{\"a\":1}", "line one\nline two", "[DONE]"), frames, "cut at " + cut);
    }
  }

  @Test
  void aCharacterSplitAcrossChunksArrivesIntact() {
    String body = "data: h\u00e9llo \u4e16\u754c \uD83D\uDE00\n\n";
    int bytes = body.getBytes(StandardCharsets.UTF_8).length;
    for (int cut = 1; cut < bytes; cut++) {
      frames.clear();
      StreamFramer framer = framer(StreamFraming.SSE);
      feed(framer, body, cut, Math.min(bytes - 1, cut + 1));
      assertEquals(List.of("h\u00e9llo \u4e16\u754c \uD83D\uDE00"), frames, "cut at " + cut);
    }
  }

  @Test
  void ndjsonLinesAndALastLineWithoutNewline() {
    StreamFramer framer = framer(StreamFraming.NDJSON);
    feed(framer, "{\"n\":1}\n\n{\"n\":2}\r\n{\"n\"", 3, 12);
    feed(framer, ":3}");
    framer.end();
    assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), frames);
  }

  @Test
  void anEndlessLineIsAMalformedResponse() {
    StreamFramer framer = framer(StreamFraming.SSE);
    byte[] chunk = new byte[1024 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () -> {
      for (int i = 0; i < 17; i++) {
        framer.feed(Buffer.buffer(chunk));
      }
    });
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
  }
}
