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

package dev.lifeline.server.engine;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClientAddress} turns the text a forwarded header left in the request into an
 * address without a name lookup, and hands the session the handshake's address ahead of
 * the container's.
 */
class ClientAddressTests {

	@Test
	void ipv4LiteralIsResolvedWithoutLookup() {
		InetSocketAddress address = ClientAddress.of("203.0.113.7", 51000);
		assertThat(address.isUnresolved()).isFalse();
		assertThat(address.getAddress().getHostAddress()).isEqualTo("203.0.113.7");
		assertThat(address.getPort()).isEqualTo(51000);
	}

	@Test
	void ipv6LiteralIsResolvedWithOrWithoutBrackets() {
		assertThat(ClientAddress.of("2001:db8::1", 1).getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
		assertThat(ClientAddress.of("[2001:db8::1]", 1).getAddress().getHostAddress())
			.isEqualTo("2001:db8:0:0:0:0:0:1");
	}

	@Test
	void nameStaysUnresolved() {
		InetSocketAddress address = ClientAddress.of("client.invalid", 443);
		assertThat(address.isUnresolved()).isTrue();
		assertThat(address.getHostString()).isEqualTo("client.invalid");
	}

	@Test
	void malformedLiteralsStayUnresolved() {
		assertThat(ClientAddress.of("999.1.1.1", 0).isUnresolved()).isTrue();
		assertThat(ClientAddress.of("1.2.3.4.5", 0).isUnresolved()).isTrue();
		assertThat(ClientAddress.of("abc:xyz", 0).isUnresolved()).isTrue();
		assertThat(ClientAddress.of("[::1", 0).isUnresolved()).isTrue();
		assertThat(ClientAddress.of("unknown", 0).isUnresolved()).isTrue();
	}

	@Test
	void portOutOfRangeBecomesZero() {
		assertThat(ClientAddress.of("203.0.113.7", -1).getPort()).isZero();
		assertThat(ClientAddress.of("203.0.113.7", 70000).getPort()).isZero();
	}

	@Test
	void servletRequestGivesItsRemoteAddress() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("198.51.100.20");
		request.setRemoteHost("client.invalid");
		request.setRemotePort(40000);
		InetSocketAddress address = ClientAddress.of(new ServletServerHttpRequest(request));
		assertThat(address).isNotNull();
		assertThat(address.getAddress().getHostAddress()).isEqualTo("198.51.100.20");
		assertThat(address.getPort()).isEqualTo(40000);
	}

	@Test
	void takeReturnsTheHandshakesAddressAndRemovesIt() {
		InetSocketAddress proxy = new InetSocketAddress("127.0.0.2", 50000);
		InetSocketAddress client = ClientAddress.of("203.0.113.7", 50001);
		Map<String, Object> attributes = new HashMap<>(Map.of(ClientAddress.ATTRIBUTE, client));
		StandardWebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), attributes, null, proxy);
		assertThat(ClientAddress.take(session)).isEqualTo(client);
		assertThat(session.getAttributes()).doesNotContainKey(ClientAddress.ATTRIBUTE);
		assertThat(ClientAddress.take(session)).isEqualTo(proxy);
	}

}
