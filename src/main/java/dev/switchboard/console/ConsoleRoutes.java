package dev.switchboard.console;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The admin console at {@code /console}: static HTML, CSS and JavaScript from the class path ({@code console/}) and
 * the third-party libraries from their Maven Central webjars at {@code /console/vendor/...}. The files are public
 * (the page asks for the admin key and sends it to {@code /admin/*} itself); every answer carries a strict
 * Content-Security-Policy that allows only this origin, so nothing is ever loaded from elsewhere.
 */
public final class ConsoleRoutes {
  /** The uPlot webjar's files (charts); the version is the one in pom.xml. */
  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist";
  /** The Swagger UI webjar's files (the prompt API document); the version is the one in pom.xml. */
  static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.35.0";
  /** Same origin only; images may be data: URIs (Swagger UI's icons); no plugins, no framing, no base tag. */
  static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  private ConsoleRoutes() {}

  /** Mounts {@code /console}, {@code /console/} and everything under them on {@code router}. */
  public static void mount(Router router) {
    CSPHandler csp = CSPHandler.create();
    for (String directive : POLICY.split("; ")) {
      int space = directive.indexOf(' ');
      csp.setDirective(directive.substring(0, space), directive.substring(space + 1));
    }
    router.routeWithRegex("/console(/.*)?").handler(csp).handler(ctx -> {
      ctx.response().putHeader("x-content-type-options", "nosniff").putHeader("referrer-policy", "no-referrer");
      ctx.next();
    });
    router.get("/console").handler(ctx -> {
      // a route also matches its path with a trailing slash: only the bare path is redirected
      if (ctx.request().path().equals("/console")) {
        ctx.redirect("/console/");
      } else {
        ctx.next();
      }
    });
    router.get("/console/vendor/uplot/*").handler(StaticHandler.create(UPLOT).setMaxAgeSeconds(86_400));
    router.get("/console/vendor/swagger-ui/*").handler(StaticHandler.create(SWAGGER_UI).setMaxAgeSeconds(86_400));
    router.get("/console/*").handler(StaticHandler.create("console").setCachingEnabled(false));
  }
}
