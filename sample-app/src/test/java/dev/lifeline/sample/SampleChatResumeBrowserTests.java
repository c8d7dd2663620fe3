/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.lifeline.server.WebSocketSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two tabs chat in a real headless Chromium while one tab's connection is cut without a
 * close frame: the page, on {@code lifeline.js}, resumes its session, and the messages
 * sent in the gap from either tab arrive exactly once and in order, the tab keeps its
 * session and rooms, and its health panel shows the resume.
 * <p>
 * The cut tab reaches the server through a {@link CuttingProxy} that resets both sides of
 * its WebSocket connection, as a network failure does, and holds the tab's reconnection
 * so that the gap lasts until the test has sent its messages. The other tab connects
 * directly.
 * <p>
 * The test has an application context of its own (its window property differs from the
 * sample's default): a cached context that the test framework paused and restarted
 * between test classes answers resumable handshakes with {@code 1011}, its resume thread
 * stopped by the pause and not started again.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lifeline.resume.window=1m")
class SampleChatResumeBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final Path SCREENSHOT = Path.of("target", "screenshots", "sample-app-resumed.png");

	/**
	 * Set to {@code true} to refresh the README's screenshot from this run: the tab that
	 * resumed, with its name, its room and the resume in its health panel.
	 */
	private static final String UPDATE_DOCS_PROPERTY = "lifeline.sample.update-docs-screenshot";

	private static final Path DOCS_SCREENSHOT = Path.of("..", "docs", "images", "sample-app.png");

	/**
	 * The sample's heartbeat interval: with the README's screenshot, the test waits for a
	 * round trip of each session to show in the panel.
	 */
	@Value("${lifeline.heartbeat.interval}")
	private Duration heartbeatInterval;

	@LocalServerPort
	private int port;

	@Autowired
	private WebSocketSessions sessions;

	@TempDir
	private Path userDataDir;

	private ChromeDriver driver;

	private CuttingProxy proxy;

	@BeforeAll
	static void requireChromium() {
		Programs.assumeInstalled(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), CHROMIUM + " or "
				+ CHROMEDRIVER + " is missing. Install them with: apt-get install chromium chromium-driver");
	}

	@BeforeEach
	void start() throws IOException {
		this.proxy = new CuttingProxy(this.port);
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1440,960", "--user-data-dir=" + this.userDataDir.toAbsolutePath());
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterEach
	void stop() throws IOException {
		if (this.driver != null) {
			this.driver.quit();
		}
		this.proxy.close();
	}

	@Test
	void messagesSentWhileATabsConnectionIsCutArriveOnceInOrder() throws IOException {
		this.driver.get("http://localhost:" + this.proxy.getPort() + "/?user=alice");
		String tabA = this.driver.getWindowHandle();
		String idA = awaitResumable();
		this.driver.switchTo().newWindow(WindowType.WINDOW).get("http://localhost:" + this.port + "/?user=bob");
		String tabB = this.driver.getWindowHandle();
		String idB = awaitResumable();
		assertThat(idB).isNotEqualTo(idA);

		this.driver.switchTo().window(tabA);
		send("/join lobby");
		await("tab A in lobby").atMost(TIMEOUT).until(() -> this.sessions.getGroups(idA).contains("lobby"));
		send("a1");
		awaitChat(tabB, "a1");
		this.driver.switchTo().window(tabB);
		send("b1");
		awaitChat(tabA, "b1");

		this.proxy.hold();
		assertThat(this.proxy.cutWebSockets()).as("sockets reset").isEqualTo(2);
		await("tab A reconnecting, held by the proxy").atMost(TIMEOUT)
			.until(() -> "reconnecting".equals(state()) && this.proxy.heldConnections() > 0);
		this.driver.switchTo().window(tabB);
		send("b2");
		send("b3");
		awaitChat(tabB, "b3");
		this.driver.switchTo().window(tabA);
		send("a2");
		send("a3");
		this.driver.switchTo().window(tabB);
		await("tab A's session detached in tab B's health panel").atMost(TIMEOUT)
			.until(() -> "detached".equals(this.driver.executeScript(
					"const row = document.querySelector('#sessions-body tr[data-session-id=\"' + arguments[0] + '\"]');"
							+ "return row && row.dataset.state;",
					idA)));
		this.driver.switchTo().window(tabA);
		assertThat(state()).as("still in the gap").isEqualTo("reconnecting");
		this.proxy.release();

		await("tab A resumed").atMost(TIMEOUT)
			.until(() -> "open".equals(state()) && "1".equals(attribute("stat-resumes", "data-value")));
		this.driver.switchTo().window(tabB);
		send("b4");
		List<String> expected = List.of("a1", "b1", "b2", "b3", "a2", "a3", "b4");
		awaitChat(tabA, "b4");
		assertThat(chat()).as("tab A").containsExactlyElementsOf(expected);
		awaitChat(tabB, "b4");
		assertThat(chat()).as("tab B").containsExactlyElementsOf(expected);

		this.driver.switchTo().window(tabA);
		assertThat(this.driver.findElement(By.id("my-tag")).getDomAttribute("data-session-id")).isEqualTo(idA);
		assertThat(this.sessions.find(idA)).isPresent();
		assertThat(this.sessions.count()).isEqualTo(2);
		assertThat(this.sessions.getGroups(idA)).containsExactly("lobby");
		assertThat(this.driver.findElements(By.cssSelector("#messages li[data-type=joined]")))
			.as("no re-join after a resume")
			.hasSize(1);
		WebElement last = this.driver.findElement(By.id("link-last"));
		assertThat(last.getText()).startsWith("resumed after a gap of");
		assertThat(last.getDomAttribute("data-replay")).as("b2 and b3 replayed").isEqualTo("2");
		assertThat(attribute("stat-refused", "data-value")).isEqualTo("0");
		assertThat(attribute("connection-detail", "textContent")).isEqualTo("resumed");
		writeScreenshot();
	}

	private void writeScreenshot() throws IOException {
		if (Boolean.getBoolean(UPDATE_DOCS_PROPERTY)) {
			await("both sessions' RTT in the health panel").atMost(this.heartbeatInterval.plus(Duration.ofSeconds(5)))
				.until(() -> Long.valueOf(2)
					.equals(this.driver.executeScript(
							"return Array.from(document.querySelectorAll('#sessions-body td.rtt'), (td) => td.dataset.value)"
									+ ".filter((rtt) => rtt).length;")));
		}
		Files.createDirectories(SCREENSHOT.getParent());
		Files.write(SCREENSHOT, this.driver.getScreenshotAs(OutputType.BYTES));
		if (Boolean.getBoolean(UPDATE_DOCS_PROPERTY)) {
			Files.createDirectories(DOCS_SCREENSHOT.getParent());
			Files.copy(SCREENSHOT, DOCS_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	@Test
	void aRefusedResumeOpensANewSessionThatJoinsTheRoomsAgain() {
		this.driver.get("http://localhost:" + this.proxy.getPort() + "/?user=carol");
		String id = awaitResumable();
		send("/join lobby");
		await("in lobby").atMost(TIMEOUT).until(() -> this.sessions.getGroups(id).contains("lobby"));

		this.proxy.hold();
		this.proxy.cutWebSockets();
		await("detached").atMost(TIMEOUT)
			.until(() -> this.sessions.find(id)
				.map((session) -> session.getResumeStatus() != null && session.getResumeStatus().detached())
				.orElse(false));
		assertThat(this.sessions.close(id, CloseStatus.POLICY_VIOLATION.withReason("Operator"))).isTrue();
		await("tab waiting").atMost(TIMEOUT).until(() -> this.proxy.heldConnections() > 0);
		this.proxy.release();

		await("a new session").atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(connection()).containsEntry("state", "open")
				.hasEntrySatisfying("session", (session) -> assertThat(session).isNotEmpty().isNotEqualTo(id)));
		String newId = this.driver.findElement(By.id("my-tag")).getDomAttribute("data-session-id");
		await("lobby joined again").atMost(TIMEOUT).until(() -> this.sessions.getGroups(newId).contains("lobby"));
		assertThat(attribute("stat-refused", "data-value")).isEqualTo("1");
		assertThat(attribute("stat-refused", "data-reason")).isEqualTo("unknown");
		assertThat(attribute("stat-resumes", "data-value")).isEqualTo("0");
		// The /join may have been cut off before its acknowledgement: the page then says
		// so.
		assertThat(this.driver.findElements(By.cssSelector("#messages li[data-type=error]")))
			.extracting(WebElement::getText)
			.contains("The connection could not be resumed (unknown); messages may have been missed.")
			.isSubsetOf("The connection could not be resumed (unknown); messages may have been missed.",
					"Not confirmed: /join lobby (The session could not be resumed (unknown))");
		await("rooms shown").atMost(TIMEOUT).until(() -> "lobby".equals(attribute("rooms", "data-rooms")));
	}

	/**
	 * Wait for the current tab to open a resumable session.
	 * @return the tab's session id
	 */
	private String awaitResumable() {
		await("tab connected with resume").atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(connection()).containsEntry("state", "open")
				.containsEntry("resumable", "true")
				.hasEntrySatisfying("session", (id) -> assertThat(id).isNotEmpty()));
		return this.driver.findElement(By.id("my-tag")).getDomAttribute("data-session-id");
	}

	/**
	 * Read what the page shows of its connection, in one script call.
	 * @return the state, its detail, whether the session is resumable and its id
	 */
	@SuppressWarnings("unchecked")
	private Map<String, String> connection() {
		return (Map<String, String>) this.driver.executeScript("""
				const state = document.getElementById('connection-state');
				return { state: state.dataset.state, detail: document.getElementById('connection-detail').textContent,
					resumable: document.getElementById('link-state').dataset.resumable || '',
					session: document.getElementById('my-tag').dataset.sessionId || '' };""");
	}

	private String state() {
		return attribute("connection-state", "data-state");
	}

	private String attribute(String id, String name) {
		WebElement element = this.driver.findElement(By.id(id));
		return name.equals("textContent") ? element.getDomProperty(name) : element.getDomAttribute(name);
	}

	private void send(String text) {
		WebElement input = this.driver.findElement(By.id("message-input"));
		input.sendKeys(text);
		this.driver.findElement(By.id("send-button")).click();
	}

	private void awaitChat(String window, String text) {
		this.driver.switchTo().window(window);
		await("chat '" + text + "'").atMost(TIMEOUT).until(() -> chat().contains(text));
	}

	@SuppressWarnings("unchecked")
	private List<String> chat() {
		return (List<String>) this.driver.executeScript(
				"return Array.from(document.querySelectorAll('#messages li.message[data-type=chat] .text'), (t) => t.textContent);");
	}

}
