//! The page frame: header with navigation for the signed-in role, the main column, the footer.

use leptos::prelude::*;

use crate::{
    api::auth::Logout,
    components::{
        auth::{reload_to, use_auth},
        notifications::Bell,
    },
    domain::Role,
    dto::user::UserView,
};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <div class="flex min-h-screen flex-col">
            <Header />
            <main id="main" class="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
                {children()}
            </main>
            <Footer />
        </div>
    }
}

fn nav_for(user: Option<&UserView>) -> Vec<(&'static str, &'static str)> {
    match user.map(|u| u.role) {
        None => vec![("/", "Home"), ("/login", "Log in"), ("/register", "Sign up")],
        Some(Role::Student) => {
            vec![
                ("/dashboard", "Dashboard"),
                ("/sessions", "Sessions"),
                ("/practice", "Practice"),
                ("/chat", "Chat"),
                ("/goals", "Goals"),
                ("/bookings", "Bookings"),
            ]
        }
        Some(Role::Tutor) => vec![
            ("/dashboard", "Dashboard"),
            ("/sessions", "Sessions"),
            ("/schedule", "My schedule"),
        ],
        Some(Role::Admin) => {
            vec![("/dashboard", "Dashboard"), ("/admin", "Admin"), ("/admin/kpis", "Numbers")]
        }
    }
}

#[component]
fn Header() -> impl IntoView {
    let auth = use_auth();
    let (menu_open, set_menu_open) = signal(false);
    let user = move || auth.user.get().and_then(|r| r.ok()).flatten();
    view! {
        <header class="border-b border-slate-200 bg-white print:hidden">
            <div class="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
                <a href="/" class="flex items-center gap-2 text-lg font-bold text-slate-900">
                    <span class="inline-flex h-8 w-8 items-center justify-center rounded-lg bg-indigo-600 text-sm text-white">"SC"</span>
                    "Study Companion"
                </a>
                <div class="flex items-center gap-2 sm:gap-6">
                <Transition>
                    <nav aria-label="Main" class="hidden items-center gap-6 text-sm font-medium text-slate-700 sm:flex">
                        {move || nav_for(user().as_ref()).into_iter().map(|(href, label)| {
                            view! { <a href=href class="hover:text-indigo-600">{label}</a> }
                        }).collect_view()}
                    </nav>
                    // Outside the desktop-only nav: the bell shows at every width.
                    {move || user().map(|user| view! { <UserMenu user /> })}
                </Transition>
                <button
                    type="button"
                    class="rounded-md p-2 text-slate-700 hover:bg-slate-100 sm:hidden"
                    aria-controls="mobile-menu"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| set_menu_open.update(|open| *open = !*open)
                >
                    <span class="sr-only">"Menu"</span>
                    <svg class="h-6 w-6" fill="none" viewBox="0 0 24 24" stroke="currentColor" aria-hidden="true">
                        <path stroke-linecap="round" stroke-linejoin="round" stroke-width="2" d="M4 6h16M4 12h16M4 18h16" />
                    </svg>
                </button>
                </div>
            </div>
            <Transition>
                <nav id="mobile-menu" aria-label="Mobile" class="border-t border-slate-200 px-4 py-2 sm:hidden" class:hidden=move || !menu_open.get()>
                    {move || nav_for(user().as_ref()).into_iter().map(|(href, label)| view! {
                        <a href=href class="block rounded-md px-2 py-2 text-slate-700 hover:bg-slate-100">{label}</a>
                    }).collect_view()}
                    {move || user().map(|_| view! {
                        <a href="/profile" class="block rounded-md px-2 py-2 text-slate-700 hover:bg-slate-100">"Profile"</a>
                    })}
                </nav>
            </Transition>
        </header>
    }
}

#[component]
fn UserMenu(user: UserView) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if logout.value().get().is_some() {
            reload_to("/");
        }
    });
    view! {
        <div class="flex items-center gap-4 text-sm font-medium sm:border-l sm:border-slate-200 sm:pl-6">
            <Bell />
            <a href="/profile" class="hidden text-slate-900 hover:text-indigo-600 sm:inline" title="Your profile">{user.name}</a>
            <button
                type="button"
                class="hidden rounded-lg border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-50 sm:inline-block"
                on:click=move |_| { logout.dispatch(Logout {}); }
            >
                "Log out"
            </button>
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="border-t border-slate-200 bg-white print:hidden">
            <div class="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-500 sm:flex-row sm:items-center sm:justify-between sm:px-6">
                <p>"Study Companion: between sessions, never on your own."</p>
                <p>"Version " {env!("CARGO_PKG_VERSION")}</p>
            </div>
        </footer>
    }
}
