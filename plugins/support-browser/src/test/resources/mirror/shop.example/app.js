// fetches the item from another host, as the real shops call their APIs
document.addEventListener('DOMContentLoaded', () => {
  fetch('https://api.shop.example/item.json')
    .then(r => r.json())
    .then(item => { document.getElementById('name').textContent = item.name; })
    .catch(e => { document.getElementById('name').textContent = 'failed: ' + e; });
});
