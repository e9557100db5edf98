// The sign-in page's institution search: hides the institutions whose name, short name and
// keywords do not contain every word typed.
document.querySelectorAll("input[data-filter]").forEach((input) => {
  const list = document.getElementById(input.dataset.filter);
  const none = input.parentElement.querySelector(".institution-none");
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    list.querySelectorAll("li").forEach((item) => {
      const match = words.every((word) => item.dataset.search.includes(word));
      item.hidden = !match;
      shown += match ? 1 : 0;
    });
    if (none) none.hidden = shown > 0;
  });
});
