package org.vecmlp.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.playground.server.PlaygroundServer;

/**
 * The live page end to end, in Debian's headless Chromium through its ChromeDriver (scripts/test.sh installs both):
 * the settings in the URL load, play trains (the boundary image and the loss change), pause holds, step adds one
 * epoch, reset goes back to 0, a bad value shows its message, and the page raises no script error.
 */
class LivePageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static PlaygroundServer server;
    static WebDriver driver;
    @TempDir
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "the browser test needs "
                + CHROMIUM + " and " + CHROMEDRIVER + " (Debian packages chromium and chromium-driver; "
                + "scripts/test.sh installs them when it runs as root)");
        server = PlaygroundServer.start("127.0.0.1", 0, new PlaygroundServer.Options(8, Duration.ofMinutes(5),
                Duration.ofMillis(50), BackendProvider.bestSerial()));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1500,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition);
    }

    private static int epoch() {
        return Integer.parseInt(driver.findElement(By.id("epoch")).getText().replace(",", ""));
    }

    private static String canvas(String id) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "return document.getElementById(arguments[0]).toDataURL()", id);
    }

    private static int frames() {
        String f = driver.findElement(By.tagName("body")).getDomAttribute("data-frames");
        return f == null ? 0 : Integer.parseInt(f);
    }

    @Test
    void playPauseStepResetAndABadValue() throws Exception {
        driver.get("http://127.0.0.1:" + server.port() + "/#dataset=xor&learningRate=0.1&networkShape=4,3");
        waitFor(d -> frames() >= 1);
        assertEquals("0.1", new Select(driver.findElement(By.id("learningRate"))).getFirstSelectedOption()
                .getDomAttribute("value"), "the learning rate from the URL");
        assertEquals(2, driver.findElements(By.cssSelector(".layer .add-neuron")).size(), "two hidden layers");
        assertEquals(0, epoch());
        String boundary0 = canvas("output");
        String loss0 = driver.findElement(By.id("train-loss")).getText();

        driver.findElement(By.id("play-pause")).click();
        waitFor(d -> epoch() >= 30);
        assertEquals("playing", driver.findElement(By.id("state")).getDomProperty("textContent"));
        waitFor(d -> !canvas("output").equals(boundary0));
        assertNotEquals(loss0, driver.findElement(By.id("train-loss")).getText(), "the loss moved");

        driver.findElement(By.id("play-pause")).click();
        waitFor(d -> d.findElement(By.id("state")).getDomProperty("textContent").equals("paused"));
        int paused = epoch();
        Thread.sleep(600);
        assertEquals(paused, epoch(), "paused: no more epochs");

        driver.findElement(By.id("step")).click();
        waitFor(d -> epoch() == paused + 1);

        driver.findElement(By.id("reset")).click();
        waitFor(d -> epoch() == 0);
        waitFor(d -> canvas("output").equals(boundary0)); // the same seed: the same starting network

        new Select(driver.findElement(By.id("learningRate"))).selectByValue("0.3");
        waitFor(d -> d.getCurrentUrl().contains("learningRate=0.3"));

        driver.findElement(By.id("add-layer")).click();
        waitFor(d -> d.findElements(By.cssSelector(".layer .add-neuron")).size() == 3);
        assertTrue(driver.getCurrentUrl().contains("networkShape=4,3,2"), driver.getCurrentUrl());

        WebElement epochs = driver.findElement(By.id("epochs"));
        epochs.sendKeys(Keys.chord(Keys.CONTROL, "a"), "-5", Keys.TAB); // one edit, one change event
        waitFor(d -> d.findElement(By.id("message")).getText().startsWith("epochs:"));
        WebElement message = driver.findElement(By.id("message"));
        assertEquals("epochs: -5 is not in 0 (no limit) to 1000000", message.getText());
        assertEquals("error", message.getDomAttribute("class"));
        assertEquals("0", epochs.getDomProperty("value"), "the field is back to the value in force");

        driver.findElement(By.id("play-pause")).click(); // the page is still usable after the error
        waitFor(d -> epoch() >= 60);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "playground-page.png"), StandardCopyOption.REPLACE_EXISTING);
        assertNull(driver.findElement(By.tagName("body")).getDomAttribute("data-errors"), "script errors");
    }
}
