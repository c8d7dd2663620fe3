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

package dev.lifeline.stomp;

import java.security.Principal;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StompSessionTracker}: what it learns of a session from the messages
 * Spring's STOMP handler sends on the client channels.
 */
class StompSessionTrackerTests {

	private final StompSessionTracker tracker = new StompSessionTracker();

	@Test
	void followsUserAndSubscriptionsUntilDisconnect() {
		Principal ada = () -> "ada";
		receive(SimpMessageType.CONNECT, "s1", null, ada);
		receive(SimpMessageType.SUBSCRIBE, "s1", "sub-0", ada);
		receive(SimpMessageType.SUBSCRIBE, "s1", "sub-1", ada);
		receive(SimpMessageType.SUBSCRIBE, "s1", "sub-1", ada);
		receive(SimpMessageType.CONNECT, "s2", null, null);
		receive(SimpMessageType.SUBSCRIBE, "s2", "sub-0", null);
		assertThat(this.tracker.getUser("s1")).isEqualTo("ada");
		assertThat(this.tracker.getUser("s2")).isNull();
		assertThat(this.tracker.getSubscriptionCount("s1")).isEqualTo(2);
		assertThat(this.tracker.getSubscriptionCount()).isEqualTo(3);
		assertThat(this.tracker.getSessionCount()).isEqualTo(2);
		receive(SimpMessageType.UNSUBSCRIBE, "s1", "sub-0", ada);
		assertThat(this.tracker.getSubscriptionCount("s1")).isEqualTo(1);
		receive(SimpMessageType.DISCONNECT, "s1", null, ada);
		receive(SimpMessageType.DISCONNECT, "s1", null, ada);
		assertThat(this.tracker.isConnected("s1")).isFalse();
		assertThat(this.tracker.getSubscriptionCount()).isEqualTo(1);
		assertThat(this.tracker.getFrameCount("CONNECT")).isEqualTo(2);
		assertThat(this.tracker.getFrameCount("DISCONNECT")).isEqualTo(1);
	}

	@Test
	void countsConnectedFramesOnTheOutboundChannel() {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.CONNECT_ACK);
		accessor.setSessionId("s1");
		this.tracker.outbound()
			.preSend(org.springframework.messaging.support.MessageBuilder.createMessage(new byte[0],
					accessor.getMessageHeaders()), null);
		assertThat(this.tracker.getFrameCount("CONNECTED")).isEqualTo(1);
	}

	private void receive(SimpMessageType type, String sessionId, String subscriptionId, Principal user) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(type);
		accessor.setSessionId(sessionId);
		accessor.setSubscriptionId(subscriptionId);
		accessor.setUser(user);
		this.tracker.received(accessor.getMessageHeaders());
	}

}
