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

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getDomProperty("textContent");
    }

    private static void open(String hash) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1500, 1000));
        driver.get("about:blank");
        driver.get("http://127.0.0.1:" + server.port() + "/#" + hash);
        waitFor(d -> frames() >= 1);
    }

    /** Saves what the page shows under target/ (the published screenshot is copied from there). */
    private static void screenshot(String name) {
        try {
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertNoScriptErrors() {
        assertNull(driver.findElement(By.tagName("body")).getDomAttribute("data-errors"), "script errors");
    }

    @Test
    void regressionTrainsAndShowsItsLosses() {
        open("problem=regression&regDataset=reg-gauss");
        driver.findElement(By.id("play-pause")).click();
        waitFor(d -> epoch() >= 10);
        assertTrue(text("train-loss").matches("\\d+\\.\\d{3}"), "a loss is shown: " + text("train-loss"));
        assertTrue(text("test-loss").matches("\\d+\\.\\d{3}"), text("test-loss"));
        assertEquals("❚❚ Pause", text("play-pause"), "play turned into pause");
        assertTrue(driver.findElement(By.id("train-accuracy")).findElement(By.xpath("..")).getDomAttribute("class")
                .contains("hidden"), "no accuracy for regression");
        driver.findElement(By.id("play-pause")).click();
        assertNoScriptErrors();
    }

    @Test
    void aDivergedRunShowsItsMessageAndPlayLooksDisabled() throws Exception {
        open("learningRate=10&mode=engine&activation=leaky-relu&optimizer=nesterov&networkShape=8,8,8,8,8,8"
                + "&xSquared=true&ySquared=true&xTimesY=true&batchSize=1");
        driver.findElement(By.id("play-pause")).click();
        waitFor(d -> text("state").equals("diverged"));
        Thread.sleep(500); // the play request's answer and later frames must not clear the message
        WebElement message = driver.findElement(By.id("message"));
        assertTrue(message.getText().startsWith("training diverged in epoch "), message.getText());
        assertEquals("error", message.getDomAttribute("class"));
        WebElement play = driver.findElement(By.id("play-pause"));
        assertEquals("true", play.getDomProperty("disabled"));
        assertTrue(Double.parseDouble(play.getCssValue("opacity")) < 0.5, "a disabled button looks disabled");
        assertNoScriptErrors();
    }

    @Test
    void aRegressionRunThatDivergesSaysSo() {
        open("problem=regression&regDataset=reg-plane&activation=relu&networkShape=8,8,8,8&learningRate=10"
                + "&batchSize=1&xSquared=true&ySquared=true");
        driver.findElement(By.id("play-pause")).click();
        waitFor(d -> text("state").equals("diverged"));
        waitFor(d -> d.findElement(By.id("message")).getText().startsWith("training diverged in epoch "));
        assertNoScriptErrors();
    }

    @Test
    void aLinkWithABadValueKeepsTheGoodOnes() {
        open("activation=relu&dataset=xor&networkShape=4,1000&learningRate=0.1");
        assertEquals("relu", new Select(driver.findElement(By.id("activation"))).getFirstSelectedOption()
                .getDomAttribute("value"));
        assertEquals("0.1", new Select(driver.findElement(By.id("learningRate"))).getFirstSelectedOption()
                .getDomAttribute("value"));
        assertTrue(driver.findElement(By.id("dataset-xor")).getDomAttribute("class").contains("selected"));
        waitFor(d -> d.findElement(By.id("message")).getText().contains("networkShape: a layer of 1000 neurons"));
        assertTrue(driver.getCurrentUrl().contains("dataset=xor") && !driver.getCurrentUrl().contains("1000"),
                "the address is corrected: " + driver.getCurrentUrl());
        assertNoScriptErrors();
    }

    @Test
    void aNewLearningRateKeepsTheEpoch() {
        open("dataset=circle");
        for (int i = 1; i <= 3; i++) {
            int want = i;
            driver.findElement(By.id("step")).click();
            waitFor(d -> epoch() == want);
        }
        new Select(driver.findElement(By.id("learningRate"))).selectByValue("0.1");
        waitFor(d -> d.getCurrentUrl().contains("learningRate=0.1"));
        assertEquals(3, epoch(), "training goes on from epoch 3");
        driver.findElement(By.id("step")).click();
        waitFor(d -> epoch() == 4);
        assertNoScriptErrors();
    }

    @Test
    void tenHiddenLayersLeaveTheOutputPanelVisible() {
        open("networkShape=8,8,8,8,8,8,8,8,8,8");
        double networkRight = ((Number) js("return document.querySelector('section.network')"
                + ".getBoundingClientRect().right")).doubleValue();
        double outputLeft = ((Number) js("return document.querySelector('section.output')"
                + ".getBoundingClientRect().left")).doubleValue();
        assertTrue(networkRight <= outputLeft, "the network column ends (" + networkRight + ") before the output "
                + "column starts (" + outputLeft + ")");
        assertEquals(Boolean.TRUE, js("const e = document.getElementById('test-loss'), r = e.getBoundingClientRect();"
                + "return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === e;"),
                "'Test loss' is not covered");
        assertNoScriptErrors();
    }

    @Test
    void anEightHundredPixelWindowShowsTheWholeBoundary() {
        for (int width : new int[] {800, 390}) {
            open("dataset=spiral");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 1000));
            waitFor(d -> ((Number) js("return window.innerWidth")).intValue() <= width);
            long inner = ((Number) js("return window.innerWidth")).longValue();
            long page = ((Number) js("return document.documentElement.scrollWidth")).longValue();
            assertTrue(page <= inner, width + " px: the page is " + page + " px wide in a " + inner + " px window");
            double right = ((Number) js("return document.getElementById('output').getBoundingClientRect().right"))
                    .doubleValue();
            assertTrue(right <= inner, width + " px: the boundary ends at " + right);
        }
        assertNoScriptErrors();
    }

    @Test
    void hoveringShowsValuesAndANeuronsFormulas() {
        open("networkShape=3,2");
        driver.findElement(By.id("step")).click();
        waitFor(d -> epoch() == 1);
        org.openqa.selenium.interactions.Actions actions = new org.openqa.selenium.interactions.Actions(driver);
        WebElement neuron = driver.findElement(By.cssSelector("canvas.neuron[data-layer='0'][data-unit='0']"));
        actions.moveToElement(neuron).perform();
        waitFor(d -> !d.findElement(By.id("inspect")).getDomAttribute("class").contains("hidden"));
        assertTrue(text("inspect").startsWith("Hidden layer 1, neuron 1 (tanh), bias "), text("inspect"));
        assertEquals(1L, js("return document.querySelectorAll('#inspect canvas').length"), "the map, large");
        actions.moveToElement(driver.findElement(By.cssSelector("span.bias[data-layer='1'][data-unit='1']"))).perform();
        waitFor(d -> text("inspect").startsWith("Bias of hidden layer 2, neuron 2: "));
        // A point on the link from X1 to the first neuron: a third of the way between the two.
        @SuppressWarnings("unchecked")
        java.util.List<Number> at = (java.util.List<Number>) js("const a = document.getElementById('feature-x')"
                + ".getBoundingClientRect(), b = arguments[0].getBoundingClientRect();"
                + "return [a.right + (b.left - a.right) / 3, a.top + a.height / 2 + (b.top + b.height / 2 - a.top - a.height / 2) / 3];",
                neuron);
        actions.moveToLocation(at.get(0).intValue(), at.get(1).intValue()).perform();
        waitFor(d -> text("inspect").startsWith("Weight from X1 to layer 1 neuron 1: "));
        neuron.click();
        waitFor(d -> text("formula").startsWith("At (X1, X2) = ("));
        String formula = text("formula");
        assertTrue(formula.contains("neuron 1 of hidden layer 1: z = Σ wᵢ·aᵢ + b = ") && formula.contains("; a = tanh(z) = ")
                && formula.contains("∂L/∂w₁ = δ·a₁ = ") && formula.contains("w₁ ← w₁ − η·∂L/∂w₁ = "), formula);
        assertNoScriptErrors();
    }

    @Test
    void fourClassesAreDrawnOneColourEach() {
        open("dataset=blobs&classes=4&mode=engine&networkShape=6,6&optimizer=adam");
        for (int i = 1; i <= 5; i++) {
            int want = i;
            driver.findElement(By.id("step")).click();
            waitFor(d -> epoch() == want);
        }
        assertEquals(16L, js("return document.querySelectorAll('#confusion td').length"), "a 4 × 4 matrix");
        assertEquals(4L, js("return document.querySelectorAll('canvas.neuron[data-layer=\"2\"]').length"),
                "an output neuron per class");
        // The colour at each blob's centre (radius 3.5 at 0°, 90°, 180°, 270°): four different colours.
        @SuppressWarnings("unchecked")
        java.util.List<String> colours = (java.util.List<String>) js("const c = document.getElementById('output'),"
                + "x = c.getContext('2d'), out = [];"
                + "for (const [a, b] of [[3.5, 0], [0, 3.5], [-3.5, 0], [0, -3.5]]) {"
                + "  const d = x.getImageData(Math.round(30 + (a + 6) / 12 * 292), Math.round(6 + (6 - b) / 12 * 292),"
                + "    1, 1).data; out.push(d[0] + ',' + d[1] + ',' + d[2]); } return out;");
        assertEquals(4, new java.util.HashSet<>(colours).size(), "one colour per class: " + colours);
        assertTrue(text("scale").contains("class 3"), "the key names the classes: " + text("scale"));
        screenshot("playground-page-classes.png");
        assertNoScriptErrors();
    }

    @Test
    void theModelDownloadsAsAVecmlpFileAndAsOnnx() throws Exception {
        open("networkShape=3&mode=engine&loss=bce");
        driver.findElement(By.id("step")).click();
        waitFor(d -> epoch() == 1);
        for (String id : new String[] {"download-vmlp", "download-onnx"}) {
            String href = driver.findElement(By.id(id)).getDomProperty("href");
            assertTrue(href.endsWith(id.equals("download-vmlp") ? "/model.vmlp" : "/model.onnx"), href);
            String base64 = (String) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[1];"
                    + "fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => { let s = '';"
                    + "new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); done(btoa(s)); });", href);
            byte[] bytes = java.util.Base64.getDecoder().decode(base64);
            if (id.equals("download-vmlp")) {
                assertEquals("2-3(tanh)-1(sigmoid) bce", org.vecmlp.io.ModelFile.decode(href, bytes).model().spec()
                        .describe());
            } else {
                assertEquals("2-3(tanh)-1(sigmoid) bce", org.vecmlp.onnx.OnnxImport.decode(href, bytes).model()
                        .spec().describe());
            }
        }
        assertNoScriptErrors();
    }

    @Test
    void playPauseStepResetAndABadValue() throws Exception {
        open("dataset=xor&learningRate=0.1&networkShape=4,3");
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
        screenshot("playground-page.png");
        assertNull(driver.findElement(By.tagName("body")).getDomAttribute("data-errors"), "script errors");
    }
}
