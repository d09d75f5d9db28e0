//! Who is signed in, for every component: one blocking resource per page load, so the server
//! renders the right header and pages, then guards for pages that need a user or a role.

use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

use super::resource::PageResource;
use crate::{api::auth::current_user, domain::Role, dto::user::UserView, error::AppError};

#[derive(Clone, Copy)]
pub struct Auth {
    pub user: PageResource<Result<Option<UserView>, AppError>>,
}

pub fn provide_auth() {
    // Blocking: the header and the guards need the user before the page streams.
    let user = PageResource::new_with_options(|| (), |_| current_user(), true);
    provide_context(Auth { user });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The signed-in user inside a `RequireAuth`.
pub fn use_me() -> UserView {
    expect_context::<UserView>()
}

/// A full page load to `path`: used after signing in or out so every part of the page is
/// rendered again for the new user.
pub fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Renders `children` for a signed-in user (with the given roles, if any), provides the user
/// as context, sends others to the login page, and shows a polite refusal for the wrong role.
#[component]
pub fn RequireAuth(
    #[prop(optional)] roles: Option<&'static [Role]>,
    children: ChildrenFn,
) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) if roles.is_none_or(|roles| roles.contains(&user.role)) => {
                        provide_context(user);
                        children.with_value(|children| children()).into_any()
                    }
                    Ok(Some(_)) => view! { <Forbidden /> }.into_any(),
                    _ => {
                        let next = format!("/login?next={}", location.pathname.get_untracked());
                        view! { <Redirect path=next /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <section class="mx-auto max-w-xl py-16 text-center">
            <h1 class="text-2xl font-bold text-slate-900">"This page is not for your account"</h1>
            <p class="mt-3 text-slate-600">"Your role does not give access to this page."</p>
            <a href="/dashboard" class="mt-6 inline-block text-indigo-600 hover:underline">"Go to your dashboard"</a>
        </section>
    }
}
