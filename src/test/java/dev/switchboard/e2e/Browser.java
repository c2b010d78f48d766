package dev.switchboard.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through its chromedriver by Selenium (never Selenium Manager: both paths are
 * given, nothing is downloaded), with a fresh profile, downloads into a given folder and the browser log kept; plus
 * the few page helpers the console tests use.
 */
final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern REFUSED = Pattern.compile(
      "(\\S+) - Failed to load resource: the server responded with a status of (\\d+) .*");

  final WebDriver driver;
  final WebDriverWait wait;
  private final Path screenshots;

  private Browser(WebDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
    this.wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
    // pages that redraw (the upstreams board) replace elements between two looks
    wait.ignoring(StaleElementReferenceException.class);
  }

  /** Skips the calling test when Chromium is not installed, except on CI ({@code CI=true}), where it must run. */
  static void assumeInstalled() {
    if (!"true".equals(System.getenv("CI"))) {
      Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
          "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    }
  }

  static Browser start(Path profile, Path downloads, Path screenshots) throws IOException {
    Files.createDirectories(screenshots);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000");
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
        "download.prompt_for_download", false));
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), screenshots);
  }

  void type(String id, String text) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  void click(String id) {
    driver.findElement(By.id(id)).click();
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText().trim();
  }

  String value(String id) {
    return driver.findElement(By.id(id)).getAttribute("value");
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Saves what the window shows as {@code <name>.png} in the screenshots folder. */
  void screenshot(String name) {
    try {
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The browser's errors since the last call: a refused request to {@code origin} as its path and status
   * ({@code /admin/tenants 400}), any other error (a script error, a policy violation) verbatim.
   */
  List<String> errors(String origin) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .map(m -> {
          Matcher refused = REFUSED.matcher(m);
          return refused.matches() && refused.group(1).startsWith(origin)
              ? refused.group(1).substring(origin.length()) + " " + refused.group(2) : m;
        })
        .toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
