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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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
 * Drives the sample page in a real headless Chromium: two pages chat, the health panel
 * shows both sessions with the RTT of the heartbeat's pings, its live charts draw the
 * active sessions, the RTT distribution and the closes by cause, and a closed page leaves
 * the registry and the panel; three named tabs, two of them the same user, exchange
 * direct and room messages.
 * <p>
 * Uses Debian's {@code chromium} and {@code chromium-driver} at fixed paths so that
 * Selenium never downloads a browser or a driver; skipped when they are not installed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleChatBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOT = Path.of("target", "screenshots", "sample-app.png");

	/**
	 * The page polls the actuator every 2 s; a change shows at most one poll after it
	 * happened.
	 */
	private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

	@LocalServerPort
	private int port;

	/**
	 * The sample's own heartbeat interval, so that the screenshot shows the settings of
	 * {@code application.yml}: each session's first ping comes within one interval.
	 */
	@Value("${lifeline.heartbeat.interval}")
	private Duration heartbeatInterval;

	@Autowired
	private WebSocketSessions sessions;

	@TempDir
	private Path userDataDir;

	private ChromeDriver driver;

	/**
	 * Skip without Chromium, except in CI ({@code CI=true}), where a failed install must
	 * not turn the browser test into a silent skip.
	 */
	@BeforeAll
	static void requireChromium() {
		Programs.assumeInstalled(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), CHROMIUM + " or "
				+ CHROMEDRIVER + " is missing. Install them with: apt-get install chromium chromium-driver");
	}

	@BeforeEach
	void startBrowser() {
		// Both paths are explicit, so Selenium Manager is never asked to download
		// anything.
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
	void stopBrowser() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void twoPagesChatAndTheHealthPanelFollowsTheirSessions() throws Exception {
		String url = "http://localhost:" + this.port + "/";
		this.driver.get(url);
		String pageA = this.driver.getWindowHandle();
		String idA = awaitOpen();
		this.driver.switchTo().newWindow(WindowType.WINDOW).get(url);
		String pageB = this.driver.getWindowHandle();
		String idB = awaitOpen();
		assertThat(idB).isNotEqualTo(idA);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.count() == 2);

		String tagB = this.driver.findElement(By.id("my-tag")).getDomAttribute("data-tag");
		send("Hello from page B");
		awaitMessage("Hello from page B", tagB);
		this.driver.switchTo().window(pageA);
		awaitMessage("Hello from page B", tagB);
		send("Hi B, page A here. Try kill -STOP on a browser and watch the heartbeat.");
		awaitMessage("Hi B, page A here.", null);

		await("two sessions with an RTT in the health panel")
			.atMost(this.heartbeatInterval.plus(POLL_INTERVAL.multipliedBy(2)))
			.untilAsserted(() -> assertThat(panelRtts()).containsOnlyKeys(idA, idB)
				.allSatisfy((id, rtt) -> assertThat(rtt).as("RTT of session %s", id).isNotBlank()));
		assertThat(this.driver.findElement(By.id("health-status")).getDomAttribute("data-status")).isEqualTo("UP");

		sendOversizedMessage();
		await("the oversized message in the recent abnormal closes").atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(panelRecentCloseCauses()).contains("TOO_BIG"));
		await().atMost(Duration.ofSeconds(10)).until(() -> panelRtts().size() == 2);
		await("the live charts drawn with data").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Object> charts = charts();
			assertThat((Long) charts.get("activePoints")).isGreaterThanOrEqualTo(2);
			assertThat(charts.get("activeLatest")).isEqualTo("2");
			assertThat((Long) charts.get("rttTotal")).isPositive();
			assertThat((Long) charts.get("rttBars")).isPositive();
			assertThat((Long) charts.get("tooBigCloses")).isOne();
		});
		writeScreenshot();

		this.driver.switchTo().window(pageB).close();
		long closedAt = System.nanoTime();
		this.driver.switchTo().window(pageA);
		await("session of the closed page leaves the registry").atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.sessions.find(idB).isEmpty());
		long registryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
		await("session of the closed page leaves the panel").atMost(Duration.ofSeconds(2).plus(POLL_INTERVAL))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(panelRtts()).containsOnlyKeys(idA));
		long panelMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
		System.out.printf("Closed page left the registry after %d ms and the panel after %d ms%n", registryMillis,
				panelMillis);
		assertThat(this.sessions.count()).isEqualTo(1);
		assertThat(this.driver.findElement(By.id("connection-state")).getDomAttribute("data-state")).isEqualTo("open");
	}

	@Test
	void directMessagesReachEveryTabOfTheUserAndRoomMessagesTheMembers() {
		String url = "http://localhost:" + this.port + "/";
		this.driver.get(url);
		String bob1 = this.driver.getWindowHandle();
		awaitOpen();
		useName("bob");
		this.driver.switchTo().newWindow(WindowType.WINDOW).get(url);
		String bob2 = this.driver.getWindowHandle();
		awaitUser("bob");
		assertThat(this.driver.findElement(By.id("name-input")).getDomProperty("value")).as("name kept in the browser")
			.isEqualTo("bob");
		this.driver.switchTo().newWindow(WindowType.WINDOW).get(url);
		String alice = this.driver.getWindowHandle();
		awaitUser("bob");
		useName("alice");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.sessions.findByUser("bob").size() == 2 && this.sessions.findByUser("alice").size() == 1);

		send("/dm bob are you there?");
		awaitShown(alice, "dm", "are you there?");
		awaitShown(bob1, "dm", "are you there?");
		awaitShown(bob2, "dm", "are you there?");
		assertThat(shown("dm")).singleElement().satisfies((dm) -> {
			assertThat(dm).containsEntry("from", "alice").containsEntry("to", "bob");
			assertThat(dm.get("meta")).contains("alice", "bob");
		});
		send("/dm bob note to self");
		send("marker after the DMs");
		awaitShown(bob1, "dm", "note to self");
		awaitShown(bob2, "chat", "marker after the DMs");
		assertThat(shown("dm")).extracting((dm) -> dm.get("text")).containsExactly("are you there?", "note to self");
		awaitShown(alice, "chat", "marker after the DMs");
		assertThat(shown("dm")).extracting((dm) -> dm.get("text")).containsExactly("are you there?");

		this.driver.switchTo().window(bob1);
		joinRoom("lobby");
		this.driver.switchTo().window(alice);
		send("/join lobby");
		awaitRooms("lobby");
		this.driver.switchTo().window(bob1);
		send("/room lobby members only");
		awaitShown(bob1, "room", "members only");
		awaitShown(alice, "room", "members only");
		assertThat(shown("room")).singleElement().satisfies((room) -> {
			assertThat(room).containsEntry("room", "lobby").containsEntry("from", "bob");
			assertThat(room.get("meta")).contains("lobby", "bob");
		});
		this.driver.switchTo().window(bob1);
		send("marker after the room");
		awaitShown(bob2, "chat", "marker after the room");
		assertThat(shown("room")).as("the room message in the tab that did not join").isEmpty();
		send("/room lobby let me in");
		await("an error in the tab").atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.driver.findElements(By.cssSelector("#messages li[data-type=error]")))
				.singleElement()
				.satisfies((error) -> assertThat(error.getText()).contains("/join lobby")));

		this.driver.switchTo().window(alice);
		this.driver.findElement(By.cssSelector("#rooms li[data-room=lobby] .room-leave")).click();
		awaitRooms("");
		assertThat(this.sessions.getGroups(this.driver.findElement(By.id("my-tag")).getDomAttribute("data-session-id")))
			.isEmpty();
		await("the users in the health panel").atMost(POLL_INTERVAL.multipliedBy(3))
			.untilAsserted(() -> assertThat(panelUsers()).containsExactlyInAnyOrder("alice", "bob", "bob"));
	}

	@Test
	void pageReconnectsWhenTheServerClosesItsSession() {
		this.driver.get("http://localhost:" + this.port + "/");
		String id = awaitOpen();
		this.sessions.close(id, CloseStatus.GOING_AWAY.withReason("Server shutting down"));
		String reconnected = awaitOpen(id);
		assertThat(reconnected).isNotEqualTo(id);
		assertThat(this.driver.findElement(By.id("connection-state")).getDomAttribute("data-close-code"))
			.isEqualTo("1001");
		assertThat(this.sessions.find(reconnected)).isPresent();
	}

	/**
	 * Wait for the current page's socket to open and the server's welcome to arrive.
	 * @return the page's session id
	 */
	private String awaitOpen() {
		return awaitOpen("");
	}

	/**
	 * Wait for the current page's socket to open on a session other than the given one.
	 * @param previousId the id of the page's previous session, or {@code ""}
	 * @return the page's session id
	 */
	private String awaitOpen(String previousId) {
		await("page connected").atMost(Duration.ofSeconds(15)).until(() -> {
			String id = this.driver.findElement(By.id("my-tag")).getDomAttribute("data-session-id");
			return "open".equals(this.driver.findElement(By.id("connection-state")).getDomAttribute("data-state"))
					&& !id.isEmpty() && !id.equals(previousId);
		});
		return this.driver.findElement(By.id("my-tag")).getDomAttribute("data-session-id");
	}

	/**
	 * Give the current page a display name and wait until it has reconnected with it.
	 * @param name the name
	 */
	private void useName(String name) {
		WebElement input = this.driver.findElement(By.id("name-input"));
		input.clear();
		input.sendKeys(name);
		this.driver.findElement(By.id("name-button")).click();
		awaitUser(name);
	}

	private void awaitUser(String name) {
		await("page connected as " + name).atMost(Duration.ofSeconds(15)).until(() -> {
			WebElement tag = this.driver.findElement(By.id("my-tag"));
			return "open".equals(this.driver.findElement(By.id("connection-state")).getDomAttribute("data-state"))
					&& name.equals(tag.getDomAttribute("data-user"))
					&& this.sessions.find(tag.getDomAttribute("data-session-id")).isPresent();
		});
		assertThat(this.driver.findElement(By.id("my-tag")).getText()).contains(name);
	}

	private void joinRoom(String room) {
		this.driver.findElement(By.id("room-input")).sendKeys(room);
		this.driver.findElement(By.id("join-button")).click();
		awaitRooms(room);
	}

	/**
	 * Wait until the current page lists the given rooms as the ones it is in.
	 * @param rooms the rooms, separated by spaces, or {@code ""} for none
	 */
	private void awaitRooms(String rooms) {
		await("rooms '" + rooms + "'").atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.driver.findElements(By.cssSelector("#rooms li[data-room]")))
				.extracting((item) -> item.getDomAttribute("data-room"))
				.containsExactly(rooms.isEmpty() ? new String[0] : rooms.split(" ")));
	}

	/**
	 * Switch to a window and wait until it shows a message.
	 * @param window the window
	 * @param type the message type
	 * @param text the message text
	 */
	private void awaitShown(String window, String type, String text) {
		this.driver.switchTo().window(window);
		await(type + " '" + text + "'").atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(shown(type))
				.anySatisfy((message) -> assertThat(message.get("text")).isEqualTo(text)));
	}

	/**
	 * Read the messages of one type the current page shows.
	 * @param type the type
	 * @return each message's data attributes, text and meta line
	 */
	@SuppressWarnings("unchecked")
	private List<Map<String, String>> shown(String type) {
		return (List<Map<String, String>>) this.driver.executeScript(
				"""
						return Array.from(document.querySelectorAll('#messages li.message[data-type="' + arguments[0] + '"]'),
							(li) => ({ from: li.dataset.from, room: li.dataset.room || '', to: li.dataset.to || '',
								text: li.querySelector('.text').textContent, meta: li.querySelector('.meta').textContent }));""",
				type);
	}

	private void send(String text) {
		WebElement input = this.driver.findElement(By.id("message-input"));
		input.sendKeys(text);
		this.driver.findElement(By.id("send-button")).click();
	}

	private void awaitMessage(String textPrefix, String from) {
		await("message '" + textPrefix + "'").atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.driver.findElements(By.cssSelector("#messages li.message")))
				.anySatisfy((message) -> {
					assertThat(message.findElement(By.cssSelector(".text")).getText()).startsWith(textPrefix);
					if (from != null) {
						assertThat(message.getDomAttribute("data-from")).isEqualTo(from);
					}
				}));
	}

	/**
	 * Read the health panel's sessions in one script call, since every poll replaces the
	 * table's rows.
	 * @return the RTT cell's value by session id, blank before the first pong
	 */
	@SuppressWarnings("unchecked")
	private Map<String, String> panelRtts() {
		return (Map<String, String>) this.driver
			.executeScript("return Object.fromEntries(Array.from(document.querySelectorAll("
					+ "'#sessions-body tr[data-session-id]'), (row) => [row.dataset.sessionId, "
					+ "row.querySelector('td.rtt').dataset.value]));");
	}

	/**
	 * Read what the three SVG charts drew: the points of the active sessions' line and
	 * its latest value, the pongs in the RTT histogram and its non-empty bars, and the
	 * closes the bar of cause {@code TOO_BIG} stands for.
	 * @return the figures by name
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> charts() {
		return (Map<String, Object>) this.driver.executeScript(
				"""
						const active = document.getElementById('chart-active');
						const line = active.querySelector('polyline');
						const rtt = document.getElementById('chart-rtt');
						const tooBig = document.querySelector('#chart-closes rect[data-cause="TOO_BIG"]');
						return {
							activePoints: line ? line.getAttribute('points').trim().split(' ').length : 0,
							activeLatest: active.dataset.latest,
							rttTotal: Number(rtt.dataset.total),
							rttBars: Array.from(rtt.querySelectorAll('rect[data-count]'))
								.filter((bar) => Number(bar.dataset.count) > 0 && Number(bar.getAttribute('height')) > 0).length,
							tooBigCloses: tooBig ? Number(tooBig.dataset.count) : 0,
						};""");
	}

	@SuppressWarnings("unchecked")
	private List<String> panelUsers() {
		return (List<String>) this.driver.executeScript(
				"return Array.from(document.querySelectorAll('#sessions-body td.user'), (td) => td.textContent);");
	}

	@SuppressWarnings("unchecked")
	private List<String> panelRecentCloseCauses() {
		return (List<String>) this.driver.executeScript(
				"return Array.from(document.querySelectorAll('#recent-closes li[data-cause]'), (li) => li.dataset.cause);");
	}

	/**
	 * Send a text over the sample's {@code lifeline.max-text-message-size} from a
	 * non-browser client, so the server closes it with 1009 and the page has an abnormal
	 * close to show.
	 */
	private void sendOversizedMessage() {
		CompletableFuture<Integer> closeCode = new CompletableFuture<>();
		WebSocket webSocket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/ws"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
					closeCode.complete(statusCode);
					return null;
				}

				@Override
				public void onError(WebSocket webSocket, Throwable error) {
					closeCode.complete(1006);
				}

			})
			.join();
		webSocket.request(Long.MAX_VALUE);
		webSocket.sendText("x".repeat(20 * 1024), true);
		assertThat(closeCode).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1009);
		webSocket.abort();
	}

	private void writeScreenshot() throws IOException {
		Files.createDirectories(SCREENSHOT.getParent());
		Files.write(SCREENSHOT, this.driver.getScreenshotAs(OutputType.BYTES));
	}

}
