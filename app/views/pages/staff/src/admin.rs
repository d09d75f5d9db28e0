//! Admin: users and roles, deactivation, tutor–student links.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;

use crate::{
    api::admin::{AdminCreateUser, AdminLink, AdminUpdateUser, admin_list_users},
    components::{
        auth::{RequireAuth, use_me},
        form::{
            Attempted, ErrorBanner, Field, SubmitButton, SuccessBanner, field_error, general_error,
        },
        resource::page_resource,
    },
    domain::{Email, Password, PersonName, Role},
    dto::user::AdminUserView,
};

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Title text="Admin" />
        <RequireAuth roles=&[Role::Admin]>
            <Admin />
        </RequireAuth>
    }
}

#[component]
fn Admin() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let role_filter = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let create = ServerAction::<AdminCreateUser>::new();
    let update = ServerAction::<AdminUpdateUser>::new();
    let link = ServerAction::<AdminLink>::new();
    let users = page_resource(
        move || {
            (
                search.get(),
                role_filter.get(),
                page.get(),
                create.version().get(),
                update.version().get(),
                link.version().get(),
            )
        },
        |(search, role, page, ..)| {
            let role = Role::parse(&role).ok();
            let search = Some(search).filter(|s| !s.trim().is_empty());
            admin_list_users(role, search, page)
        },
    );
    let update_result: Signal<_> = update.value().into();

    view! {
        <div class="space-y-8">
            <header class="flex flex-wrap items-end justify-between gap-4">
                <div>
                    <h1 class="text-3xl font-bold tracking-tight text-slate-900">"Admin"</h1>
                    <p class="mt-1 text-slate-600">"Users, roles and tutor–student links."</p>
                </div>
                <div class="flex gap-4">
                    <a href="/admin/kpis" class="text-sm font-semibold text-indigo-600 hover:underline">"Numbers →"</a>
                    <a href="/admin/jobs" class="text-sm font-semibold text-indigo-600 hover:underline">"Job health →"</a>
                </div>
            </header>
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <div class="flex flex-wrap items-end gap-4">
                    <div class="grow">
                        <label for="user-search" class="block text-sm font-medium text-slate-700">"Search"</label>
                        <input id="user-search" type="search" placeholder="Name or email"
                            class="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2"
                            on:input=move |ev| { search.set(event_target_value(&ev)); page.set(1); } />
                    </div>
                    <div>
                        <label for="role-filter" class="block text-sm font-medium text-slate-700">"Role"</label>
                        <select id="role-filter" class="mt-1 rounded-lg border border-slate-300 px-3 py-2"
                            on:change=move |ev| { role_filter.set(event_target_value(&ev)); page.set(1); }>
                            <option value="">"All"</option>
                            <option value="student">"Students"</option>
                            <option value="tutor">"Tutors"</option>
                            <option value="admin">"Admins"</option>
                        </select>
                    </div>
                </div>
                <div class="mt-4"><ErrorBanner error=general_error(update_result) /></div>
                <Transition fallback=|| view! { <p class="mt-4 text-slate-500">"Loading users…"</p> }>
                    {move || Suspend::new(async move {
                        match users.await {
                            Ok(list) => {
                                let pages = list.pages();
                                view! {
                                    <table class="mt-4 w-full text-left text-sm" aria-label="Users">
                                        <thead class="border-b border-slate-200 text-slate-500">
                                            <tr><th class="py-2">"Name"</th><th>"Email"</th><th>"Role"</th><th>"Linked"</th><th>"Status"</th><th></th></tr>
                                        </thead>
                                        <tbody>
                                            {list.items.into_iter().map(|user| view! { <UserRow user update /> }).collect_view()}
                                        </tbody>
                                    </table>
                                    <div class="mt-4 flex items-center justify-between text-sm text-slate-600">
                                        <span>{format!("{} users", list.total)}</span>
                                        <div class="flex gap-2">
                                            <button class="rounded border px-3 py-1 disabled:opacity-40" disabled=move || { page.get() <= 1 } on:click=move |_| page.update(|p| *p -= 1)>"Previous"</button>
                                            <span>{move || format!("Page {} of {pages}", page.get())}</span>
                                            <button class="rounded border px-3 py-1 disabled:opacity-40" disabled=move || { page.get() >= pages } on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
                                        </div>
                                    </div>
                                }.into_any()
                            }
                            Err(err) => view! { <ErrorBanner error=Signal::derive(move || Some(err.clone())) /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <div class="grid gap-8 lg:grid-cols-2">
                <CreateUserForm action=create />
                <LinkForm action=link />
            </div>
        </div>
    }
}

#[component]
fn UserRow(user: AdminUserView, update: ServerAction<AdminUpdateUser>) -> impl IntoView {
    let me = use_me();
    let is_me = me.id == user.id;
    let id = user.id;
    let active = user.is_active;
    let linked = user.linked.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join(", ");
    view! {
        <tr class="border-b border-slate-100 last:border-0" class=("opacity-60", !active)>
            <td class="py-2 font-medium text-slate-900">{user.name.clone()}</td>
            <td class="text-slate-600">{user.email.clone()}</td>
            <td>
                <select
                    aria-label=format!("Role of {}", user.name)
                    class="rounded border border-slate-300 px-2 py-1"
                    disabled=is_me
                    on:change=move |ev| {
                        if let Ok(role) = Role::parse(&event_target_value(&ev)) {
                            update.dispatch(AdminUpdateUser { id, role: Some(role), is_active: None });
                        }
                    }
                >
                    {Role::ALL.iter().map(|role| view! {
                        <option value=role.as_str() selected=*role == user.role>{role.as_str()}</option>
                    }).collect_view()}
                </select>
            </td>
            <td class="text-slate-600">{linked}</td>
            <td>{if active { "active" } else { "deactivated" }}</td>
            <td class="text-right">
                <button
                    class="rounded-lg border border-slate-300 px-3 py-1 text-xs font-medium hover:bg-slate-50 disabled:opacity-40"
                    disabled=is_me
                    on:click=move |_| { update.dispatch(AdminUpdateUser { id, role: None, is_active: Some(!active) }); }
                >
                    {if active { "Deactivate" } else { "Reactivate" }}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn CreateUserForm(action: ServerAction<AdminCreateUser>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new("tutor".to_owned());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));
    let result: Signal<_> = action.value().into();
    let created = Signal::derive(move || {
        matches!(result.get(), Some(Ok(()))).then(|| "Account created.".to_owned())
    });
    let name_check = Callback::new(|v: String| PersonName::parse(&v).err().map(|e| e.0));
    let email_check = Callback::new(|v: String| Email::parse(&v).err().map(|e| e.0));
    let password_check = Callback::new(|v: String| Password::parse(&v).err().map(|e| e.0));
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            name.set(String::new());
            email.set(String::new());
            password.set(String::new());
            attempted.set(false);
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if name_check.run(name.get()).is_none()
            && email_check.run(email.get()).is_none()
            && password_check.run(password.get()).is_none()
        {
            action.dispatch(AdminCreateUser {
                name: name.get(),
                email: email.get(),
                password: password.get(),
                role: role.get(),
            });
        }
    };
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 class="text-lg font-semibold text-slate-900">"Create an account"</h2>
            <form on:submit=on_submit novalidate class="mt-4 space-y-4">
                <SuccessBanner message=created />
                <ErrorBanner error=general_error(result) />
                <Field label="Name" name="new_name" value=name check=name_check server_error=field_error(result, "name") />
                <Field label="Email" name="new_email" kind="email" value=email check=email_check server_error=field_error(result, "email") />
                <Field label="Initial password" name="new_password" kind="password" autocomplete="new-password" value=password check=password_check server_error=field_error(result, "password") />
                <div class="space-y-1">
                    <label for="new-role" class="block text-sm font-medium text-slate-700">"Role"</label>
                    <select id="new-role" class="block w-full rounded-lg border border-slate-300 px-3 py-2" on:change=move |ev| role.set(event_target_value(&ev))>
                        <option value="tutor" selected=true>"Tutor"</option>
                        <option value="admin">"Admin"</option>
                        <option value="student">"Student"</option>
                    </select>
                </div>
                <SubmitButton label="Create account" pending_label="Creating…" pending=action.pending() />
            </form>
        </section>
    }
}

#[component]
fn LinkForm(action: ServerAction<AdminLink>) -> impl IntoView {
    let tutor = RwSignal::new(String::new());
    let student = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    provide_context(Attempted(attempted));
    let result: Signal<_> = action.value().into();
    let linked =
        Signal::derive(move || matches!(result.get(), Some(Ok(()))).then(|| "Linked.".to_owned()));
    let email_check = Callback::new(|v: String| Email::parse(&v).err().map(|e| e.0));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if email_check.run(tutor.get()).is_none() && email_check.run(student.get()).is_none() {
            action.dispatch(AdminLink { tutor_email: tutor.get(), student_email: student.get() });
        }
    };
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 class="text-lg font-semibold text-slate-900">"Link a tutor to a student"</h2>
            <p class="mt-1 text-sm text-slate-600">"A linked tutor can see that student's sessions, practice and goals."</p>
            <form on:submit=on_submit novalidate class="mt-4 space-y-4">
                <SuccessBanner message=linked />
                <ErrorBanner error=general_error(result) />
                <Field label="Tutor's email" name="tutor_email" kind="email" value=tutor check=email_check server_error=field_error(result, "tutorEmail") />
                <Field label="Student's email" name="student_email" kind="email" value=student check=email_check server_error=field_error(result, "studentEmail") />
                <SubmitButton label="Link" pending_label="Linking…" pending=action.pending() />
            </form>
        </section>
    }
}
