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

import java.util.Set;

import dev.lifeline.server.CloseCause;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * What a session asks of the registry that owns it; ignored for a session that is no
 * longer (or never was) registered.
 *
 * @author Lifeline contributors
 */
final class SessionControl implements SessionOwner {

	private final SessionRegistry registry;

	SessionControl(SessionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void close(DefaultLifelineSession session, CloseStatus status, CloseCause cause) {
		SessionHolder holder = registered(session);
		if (holder != null) {
			this.registry.closing().close(holder, status, cause);
		}
		else {
			// Not (or no longer) registered: rejected at open, or already finished.
			session.outbox().close(status);
		}
	}

	@Override
	public void cutOff(DefaultLifelineSession session, String reason) {
		SessionHolder holder = registered(session);
		if (holder != null) {
			this.registry.closing().cutOff(holder, reason);
		}
	}

	@Override
	public void writeFailed(DefaultLifelineSession session, Throwable failure) {
		SessionHolder holder = registered(session);
		if (holder != null) {
			this.registry.closing().writeFailed(holder, failure);
		}
	}

	@Override
	public void overflow(DefaultLifelineSession session) {
		SessionHolder holder = registered(session);
		Resumption resumption = this.registry.resumption();
		if (holder != null && resumption != null) {
			resumption.overflow(holder);
		}
	}

	@Override
	public void detachedBytes(long bytes) {
		Resumption resumption = this.registry.resumption();
		if (resumption != null) {
			resumption.detachedBytes(bytes);
		}
	}

	@Override
	public void retainedWhileDetached(DefaultLifelineSession session) {
		Resumption resumption = this.registry.resumption();
		if (resumption != null) {
			resumption.enforceMaxBuffered();
		}
	}

	@Override
	public boolean join(DefaultLifelineSession session, String group) {
		Assert.hasLength(group, "Group must not be empty");
		SessionHolder holder = registered(session);
		return holder != null && this.registry.delivery().join(holder, group);
	}

	@Override
	public boolean leave(DefaultLifelineSession session, String group) {
		Assert.hasLength(group, "Group must not be empty");
		SessionHolder holder = registered(session);
		return holder != null && this.registry.delivery().leave(holder, group);
	}

	@Override
	public Set<String> groups(DefaultLifelineSession session) {
		SessionHolder holder = registered(session);
		return (holder != null) ? this.registry.index().groupsOf(holder) : Set.of();
	}

	private @Nullable SessionHolder registered(DefaultLifelineSession session) {
		SessionHolder holder = this.registry.get(session.getId());
		return (holder != null && holder.session() == session) ? holder : null;
	}

}
