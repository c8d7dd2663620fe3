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

package dev.lifeline.server.handshake;

import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.engine.Reservation;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

/**
 * Session slots, reserved at the handshake and released when the upgrade fails or the
 * session closes, so that {@code max-sessions}, {@code max-sessions-per-user} and
 * {@code max-sessions-per-address} are exact however many handshakes arrive at once.
 * <p>
 * Counting open sessions at the handshake is not enough: between the check and the
 * session entering the registry lies the upgrade, and a burst of handshakes all pass the
 * check before the first of them opens. A slot is taken with a compare-and-set before the
 * upgrade, so no handshake is ever upgraded only to be closed for lack of room.
 *
 * @author Lifeline contributors
 */
public class SessionSlots {

	/**
	 * Name of the session attribute holding a session's {@link Slot}.
	 */
	public static final String ATTRIBUTE = Reservation.ATTRIBUTE;

	private final int maxSessions;

	private final int maxSessionsPerUser;

	private final int maxSessionsPerAddress;

	private final AtomicInteger reserved = new AtomicInteger();

	private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

	private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

	private final Map<ManagedEndpoint, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();

	/**
	 * Create slots for the given caps.
	 * @param maxSessions the most sessions at once, across endpoints
	 * @param maxSessionsPerUser the most sessions of one principal, or {@code null} for
	 * no cap
	 * @param maxSessionsPerAddress the most sessions from one remote address, or
	 * {@code null} for no cap
	 */
	public SessionSlots(int maxSessions, @Nullable Integer maxSessionsPerUser,
			@Nullable Integer maxSessionsPerAddress) {
		this.maxSessions = maxSessions;
		this.maxSessionsPerUser = (maxSessionsPerUser != null) ? maxSessionsPerUser : Integer.MAX_VALUE;
		this.maxSessionsPerAddress = (maxSessionsPerAddress != null) ? maxSessionsPerAddress : Integer.MAX_VALUE;
	}

	/**
	 * Reserve a slot, or say which cap is reached. Per-user and per-address caps are
	 * checked before the overall one, so that a client over its own cap learns that it
	 * is, whatever the server's load.
	 * @param user the principal's name, or {@code null} when anonymous
	 * @param address the remote address, or {@code null} when unknown
	 * @return the reserved slot, or a refusal
	 */
	public Slot reserve(@Nullable String user, @Nullable String address) {
		return reserve(null, user, address);
	}

	/**
	 * Reserve a slot on an endpoint, whose own {@code max-sessions} caps its sessions, or
	 * say which cap is reached. Per-user and per-address caps count the sessions of every
	 * endpoint.
	 * @param endpoint the endpoint, or {@code null} for the overall cap only
	 * @param user the principal's name, or {@code null} when anonymous
	 * @param address the remote address, or {@code null} when unknown
	 * @return the reserved slot, or a refusal
	 */
	public Slot reserve(@Nullable ManagedEndpoint endpoint, @Nullable String user, @Nullable String address) {
		if (!acquire(this.perUser, user, this.maxSessionsPerUser)) {
			return new Slot(RejectionReason.USER_LIMIT);
		}
		if (!acquire(this.perAddress, address, this.maxSessionsPerAddress)) {
			release(this.perUser, user);
			return new Slot(RejectionReason.ADDRESS_LIMIT);
		}
		AtomicInteger endpointReserved = (endpoint != null)
				? this.perEndpoint.computeIfAbsent(endpoint, (key) -> new AtomicInteger()) : null;
		if (endpointReserved != null && !acquire(endpointReserved, endpoint.getSettings().maxSessions())) {
			release(this.perUser, user);
			release(this.perAddress, address);
			return new Slot(RejectionReason.CAPACITY);
		}
		if (!acquire(this.reserved, this.maxSessions)) {
			release(this.perUser, user);
			release(this.perAddress, address);
			if (endpointReserved != null) {
				endpointReserved.decrementAndGet();
			}
			return new Slot(RejectionReason.CAPACITY);
		}
		return new Slot(endpointReserved, user, address);
	}

	/**
	 * Return the number of slots taken, by open sessions and by handshakes under way.
	 * @return the reserved slots
	 */
	public int getReserved() {
		return this.reserved.get();
	}

	/**
	 * Return the slots taken by one principal.
	 * @param user the principal's name
	 * @return the reserved slots
	 */
	public int getReservedByUser(String user) {
		return this.perUser.getOrDefault(user, 0);
	}

	/**
	 * Return the slots taken from one remote address.
	 * @param address the remote address
	 * @return the reserved slots
	 */
	public int getReservedByAddress(String address) {
		return this.perAddress.getOrDefault(address, 0);
	}

	/**
	 * Count the slot a session holds, if any, under the session's principal, which the
	 * handshake handler decided and which may differ from the one the slot was reserved
	 * for.
	 * @param session the session
	 * @return {@code false} if that principal holds the most sessions one user may have
	 * @see Slot#assignUser(String)
	 */
	static boolean assignUser(WebSocketSession session) {
		if (session.getAttributes().get(ATTRIBUTE) instanceof Slot slot) {
			Principal principal = session.getPrincipal();
			return slot.assignUser((principal != null) ? principal.getName() : null);
		}
		return true;
	}

	/**
	 * Release the slot a session holds, if any, once it left the registry; further calls
	 * have no effect.
	 * @param session the session
	 */
	public static void release(WebSocketSession session) {
		Reservation.release(session);
	}

	private static boolean acquire(AtomicInteger reserved, int max) {
		int current;
		do {
			current = reserved.get();
			if (current >= max) {
				return false;
			}
		}
		while (!reserved.compareAndSet(current, current + 1));
		return true;
	}

	private static boolean acquire(Map<String, Integer> counts, @Nullable String key, int max) {
		if (key == null || max == Integer.MAX_VALUE) {
			return true;
		}
		boolean[] acquired = new boolean[1];
		counts.compute(key, (name, count) -> {
			int current = (count != null) ? count : 0;
			acquired[0] = current < max;
			return acquired[0] ? current + 1 : count;
		});
		return acquired[0];
	}

	private static void release(Map<String, Integer> counts, @Nullable String key) {
		if (key != null) {
			counts.computeIfPresent(key, (name, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/**
	 * A reserved slot, or the refusal of one.
	 */
	public final class Slot implements Reservation {

		private final @Nullable RejectionReason refusal;

		private final @Nullable AtomicInteger endpointReserved;

		private @Nullable String user;

		private final @Nullable String address;

		private final AtomicBoolean released;

		private Slot(RejectionReason refusal) {
			this.refusal = refusal;
			this.endpointReserved = null;
			this.user = null;
			this.address = null;
			this.released = new AtomicBoolean(true);
		}

		private Slot(@Nullable AtomicInteger endpointReserved, @Nullable String user, @Nullable String address) {
			this.refusal = null;
			this.endpointReserved = endpointReserved;
			this.user = user;
			this.address = address;
			this.released = new AtomicBoolean();
		}

		/**
		 * Return why no slot was reserved.
		 * @return the cap that was reached, or {@code null} if the slot is reserved
		 */
		public @Nullable RejectionReason getRefusal() {
			return this.refusal;
		}

		/**
		 * Count the slot under another principal: the handshake guard reserves it for the
		 * principal of the upgrade request, before the handshake handler decides the
		 * session's own (Spring's {@code DefaultHandshakeHandler#determineUser}). Has no
		 * effect on a released slot or a refusal.
		 * @param user the principal's name, or {@code null} when anonymous
		 * @return {@code false} if that principal holds the most sessions one user may
		 * have; the slot then still counts under its former principal
		 */
		@Override
		public synchronized boolean assignUser(@Nullable String user) {
			if (this.released.get() || Objects.equals(user, this.user)) {
				return true;
			}
			if (!acquire(SessionSlots.this.perUser, user, SessionSlots.this.maxSessionsPerUser)) {
				return false;
			}
			SessionSlots.release(SessionSlots.this.perUser, this.user);
			this.user = user;
			return true;
		}

		/**
		 * Give the slot back. Only the first call has an effect.
		 */
		@Override
		public void release() {
			if (this.released.compareAndSet(false, true)) {
				synchronized (this) {
					SessionSlots.release(SessionSlots.this.perUser, this.user);
				}
				SessionSlots.release(SessionSlots.this.perAddress, this.address);
				SessionSlots.this.reserved.decrementAndGet();
				if (this.endpointReserved != null) {
					this.endpointReserved.decrementAndGet();
				}
			}
		}

	}

}
