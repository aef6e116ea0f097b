from django import forms
from django.contrib.auth.password_validation import validate_password


class SignupForm(forms.Form):
    organization = forms.CharField(label="Company or team name", max_length=200)
    email = forms.EmailField(label="Work email", max_length=254)
    password = forms.CharField(label="Password", widget=forms.PasswordInput, min_length=8, max_length=128)

    def clean_organization(self) -> str:
        name = self.cleaned_data["organization"].strip()
        if "\x00" in name or not name:
            raise forms.ValidationError("Enter your company or team name.")
        return name

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password
