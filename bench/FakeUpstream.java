import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;

/**
 * A fast fake OpenAI-compatible upstream for the benchmark, on 127.0.0.1. POST /v1/chat/completions answers a fixed
 * chat.completion, or with "stream": true a fixed stream of 20 content chunks, a finish chunk, a usage chunk and
 * [DONE] (spaced by the interval given, 0 = all at once). GET /v1/models answers a one-model list.
 * Run from the packaged jar: java -cp target/switchboard.jar bench/FakeUpstream.java PORT [CHUNK_INTERVAL_MS]
 */
public class FakeUpstream extends AbstractVerticle {
  static final String COMPLETION = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
      + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
      + "\"Hello! This is a fixed answer from the benchmark upstream.\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":12,\"total_tokens\":24}}";
  static final Buffer[] STREAM = stream();
  static int port;
  static long interval;

  public static void main(String[] args) {
    port = Integer.parseInt(args[0]);
    interval = args.length > 1 ? Long.parseLong(args[1]) : 0;
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(FakeUpstream::new, new DeploymentOptions().setInstances(2))
        .onSuccess(id -> System.out.println("fake upstream listening on 127.0.0.1:" + port))
        .onFailure(e -> { e.printStackTrace(); System.exit(1); });
  }

  static Buffer[] stream() {
    Buffer[] frames = new Buffer[23];
    String head = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":";
    for (int i = 0; i < 20; i++) {
      String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"word0 \"}" : "{\"content\":\"word" + i + " \"}";
      frames[i] = Buffer.buffer(head + delta + ",\"finish_reason\":null}]}\n\n");
    }
    frames[20] = Buffer.buffer(head + "{},\"finish_reason\":\"stop\"}]}\n\n");
    frames[21] = Buffer.buffer("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"bench-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":20,"
        + "\"total_tokens\":32}}\n\n");
    frames[22] = Buffer.buffer("data: [DONE]\n\n");
    return frames;
  }

  @Override
  public void start() {
    vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)).requestHandler(req -> {
      if (req.path().endsWith("/models")) {
        req.response().putHeader("content-type", "application/json")
            .end("{\"object\":\"list\",\"data\":[{\"id\":\"bench-model\",\"object\":\"model\"}]}");
        return;
      }
      req.body().onSuccess(body -> {
        HttpServerResponse res = req.response();
        if (body.toString().contains("\"stream\":true")) {
          res.setChunked(true).putHeader("content-type", "text/event-stream");
          send(res, 0);
        } else {
          res.putHeader("content-type", "application/json").end(COMPLETION);
        }
      });
    }).listen(port, "127.0.0.1");
  }

  private void send(HttpServerResponse res, int i) {
    if (interval == 0) {
      for (int k = 0; k < STREAM.length - 1; k++) {
        res.write(STREAM[k]);
      }
      res.end(STREAM[STREAM.length - 1]);
      return;
    }
    if (res.closed()) {
      return;
    }
    if (i == STREAM.length - 1) {
      res.end(STREAM[i]);
      return;
    }
    res.write(STREAM[i]);
    vertx.setTimer(interval, id -> send(res, i + 1));
  }
}
